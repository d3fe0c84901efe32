#!/usr/bin/env bash
# Makes sure the machine has what the test suites need, installing Debian packages when missing:
# PostgreSQL server binaries (initdb, pg_ctl) for the real-PostgreSQL half of every suite,
# poppler-utils (pdftotext, pdfinfo) to read back the PDFs the platform prints, and chromium for
# the browser tests (test/browser drives Debian's /usr/bin/chromium; no browser is downloaded), and
# LibreOffice Calc (headless) to recompute the formulas of the XLSX tabulation.
set -euo pipefail

have_postgres() {
  command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

missing=()
if [ -z "${DATABASE_URL:-}" ] && ! have_postgres; then missing+=(postgresql); fi
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then missing+=(poppler-utils); fi
if [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
if ! command -v soffice >/dev/null 2>&1; then missing+=(libreoffice-calc-nogui); fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "test: missing Debian packages: ${missing[*]} (install them, or run as root so the tests can)" >&2
    exit 1
  fi
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "test: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
