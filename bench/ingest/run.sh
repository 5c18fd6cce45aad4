#!/usr/bin/env bash
# bench/ingest: contacts CSV -> store, for cxpact and its peers.
# Usage: bench/ingest/run.sh [N ...]   (default: 1000000 10000000)
# Needs a built cxpact (scripts/build.sh), sqlite3, node and npm (installs DuckDB's package).
# Prints one markdown table row per engine and size; figures go into bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CX=$ROOT/build/apps/cli/cxpact
OUT=${BENCH_OUT:-$ROOT/bench/out}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 10000000)
mkdir -p "$OUT"
(cd bench && [ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent)

# Runs a command under /usr/bin/time; prints "wall_seconds peak_rss_mib".
measure() {
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$OUT/last.log" 2>&1 || {
    cat "$OUT/last.log" >&2; return 1; }
  awk '{printf "%s %.0f\n", $1, $2/1024}' "$OUT/time.txt"
}

row() {  # engine n seconds rss
  awk -v e="$1" -v n="$2" -v s="$3" -v m="$4" \
    'BEGIN { printf "| %-34s | %11d | %8.2f | %12.0f | %8d |\n", e, n, s, n / s, m }'
}

echo "| engine | contacts | seconds | rows/s | peak MiB |"
echo "|---|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  data=$OUT/data-$n
  if [ ! -f "$data/contacts.csv" ]; then
    "$CX" generate --contacts "$n" --seed 1 --out "$data" >/dev/null
  fi
  csv=$data/contacts.csv
  rows=$(($(wc -l <"$csv") - 1))

  read -r s m < <(measure "$CX" check contacts "$csv")
  row "cxpact check (parse+validate, 1 core)" "$rows" "$s" "$m"

  # The peers load every row; so does cxpact once unidentified callers (3% of generated
  # contacts, no customer_id) are accepted rather than quarantined (decision 0003).
  rm -rf "$OUT/ws"; "$CX" init "$OUT/ws" >/dev/null
  sed -i 's/^require_customer_id = true/require_customer_id = false/' "$OUT/ws/cxpact.toml"
  read -r s m < <(measure "$CX" -w "$OUT/ws" ingest contacts "$csv")
  row "cxpact ingest (CSV -> SQLite store)" "$rows" "$s" "$m"

  rm -f "$OUT/peer.sqlite"
  read -r s m < <(measure sqlite3 "$OUT/peer.sqlite" ".import --csv $csv contacts")
  row "sqlite3 .import (plain table)" "$rows" "$s" "$m"

  rm -f "$OUT/peer.duckdb" "$OUT/peer.duckdb.wal"
  read -r s m < <(measure node bench/ingest/duckdb_import.mjs "$csv" "$OUT/peer.duckdb")
  row "DuckDB read_csv -> table (node)" "$rows" "$s" "$m"
  rm -rf "$OUT/ws" "$OUT/peer.sqlite" "$OUT/peer.duckdb"
done
