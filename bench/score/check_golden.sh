#!/usr/bin/env bash
# Runs both SQL peers of bench/score on the public golden set and compares their metrics and
# quarantines with the expected files (shared/golden/compare.py), then byte for byte.
# Usage: bench/score/check_golden.sh [GOLDEN_DIR]   (default: ../shared/golden/small)
# Exit status 0 only if both peers match expected.csv and expected_quarantine.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
GOLDEN=${1:-$ROOT/../shared/golden/small}
COMPARE=$(dirname "$GOLDEN")/compare.py
OUT=${BENCH_OUT:-$ROOT/bench/out}/score-golden
mkdir -p "$OUT"
(cd bench && [ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent)

node bench/score/duckdb_score.mjs "$GOLDEN/input" --quarantine "$OUT/duckdb_quarantine.csv" >"$OUT/duckdb.csv"
bench/score/sqlite_score.sh "$GOLDEN/input" "$OUT/sqlite_quarantine.csv" >"$OUT/sqlite.csv"

status=0
for peer in duckdb sqlite; do
  echo "== $peer"
  python3 "$COMPARE" "$GOLDEN/expected.csv" "$OUT/$peer.csv" || status=1
  python3 "$COMPARE" "$GOLDEN/expected_quarantine.csv" "$OUT/${peer}_quarantine.csv" || status=1
  if cmp -s "$GOLDEN/expected.csv" "$OUT/$peer.csv" \
     && cmp -s "$GOLDEN/expected_quarantine.csv" "$OUT/${peer}_quarantine.csv"; then
    echo "byte-identical to expected.csv and expected_quarantine.csv"
  else
    echo "not byte-identical (within compare.py's tolerance if OK above)"
  fi
done
exit $status
