#!/usr/bin/env bash
# `npm test`: every suite, against the embedded database and a real PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash test/ensure-tools.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc --noEmit -p .
results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# one plain closing line for whoever reads the log
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)' "$results" || true
exit "$status"
