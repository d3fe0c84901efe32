#!/usr/bin/env bash
# `npm test`: every suite, against the embedded database and a real PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/ensure-tools.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc --noEmit -p .
npx vitest run "$@"
