#!/usr/bin/env bash
# bench/score: the golden metric set from canonical CSV files, for cxpact and its peers.
# Usage: bench/score/run.sh [N ...]   (default: 1000000 10000000)
#   SQLITE_MAX=N  largest size the SQLite peer runs at (default 1000000; it is the slowest)
#   BENCH_OUT=DIR where data and outputs go (default bench/out)
# Needs a built cxpact (scripts/build.sh) for `generate`, sqlite3, node and npm (DuckDB's
# package), g++. Prints a markdown table (engine, contacts, seconds, peak MiB), then checks
# that the engines' outputs agree (shared/golden/compare.py). Two floors: reading and
# splitting the files, and the same while writing as many bytes a record as cxpact's peak
# memory holds (the cost of touching that much fresh memory once).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
CX=$ROOT/build/apps/cli/cxpact
OUT=${BENCH_OUT:-$ROOT/bench/out}
COMPARE=$ROOT/../shared/golden/compare.py
SQLITE_MAX=${SQLITE_MAX:-1000000}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000000 10000000)
mkdir -p "$OUT"
(cd bench && [ -d node_modules/@duckdb/node-api ] || npm install --no-audit --no-fund --silent)
g++ -O2 -std=c++20 -o "$OUT/read_floor" bench/score/read_floor.cc

# Runs a command under /usr/bin/time with stdout to $1; sets S (wall seconds) and M (peak MiB).
measure() {
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >"$out" 2>"$OUT/last.log" || {
    cat "$OUT/last.log" >&2; return 1; }
  read -r S M < <(awk '{printf "%s %.0f\n", $1, $2/1024}' "$OUT/time.txt")
}

TABLE=$OUT/score-table.md
echo "| engine | contacts | seconds | peak MiB |" >"$TABLE"
echo "|---|---:|---:|---:|" >>"$TABLE"
row() { printf "| %-38s | %11d | %8.2f | %8d |\n" "$1" "$2" "$3" "$4" | tee -a "$TABLE"; }
CHECKS=()

cat "$TABLE"
for n in "${SIZES[@]}"; do
  data=$OUT/data-$n
  if [ ! -f "$data/contacts.csv" ] || [ ! -f "$data/surveys.csv" ]; then
    "$CX" generate --contacts "$n" --seed 1 --out "$data" >/dev/null
  fi
  files=("$data/contacts.csv" "$data/surveys.csv")
  res=$OUT/score-$n
  mkdir -p "$res"

  # wc -l first: it also brings the files into the page cache for everyone after it.
  measure "$res/wc.txt" wc -l "${files[@]}"
  row "wc -l (reference)" "$n" "$S" "$M"

  measure "$res/floor.txt" "$OUT/read_floor" "${files[@]}"
  row "read floor (C++, split fields only)" "$n" "$S" "$M"

  measure "$res/duckdb.csv" node bench/score/duckdb_score.mjs "$data"
  row "DuckDB SQL (node, 2 threads)" "$n" "$S" "$M"

  if [ "$n" -le "$SQLITE_MAX" ]; then
    measure "$res/sqlite.csv" bench/score/sqlite_score.sh "$data"
    row "SQLite SQL (sqlite3 3.40)" "$n" "$S" "$M"
    CHECKS+=("$res/duckdb.csv $res/sqlite.csv")
  fi

  if measure "$res/cxpact.csv" "$CX" score --settings examples/golden.toml --format csv "$data" 2>/dev/null; then
    row "cxpact score" "$n" "$S" "$M"
    CHECKS+=("$res/duckdb.csv $res/cxpact.csv")
    # The floor again, writing as many bytes a record as cxpact's peak memory holds: what
    # touching that much fresh memory once costs on this machine (read_floor.cc, --store).
    per_record=$(awk -v kib="$(cut -d' ' -f2 "$OUT/time.txt")" \
      '{ records += $2 } END { printf "%d", kib * 1024 / records }' "$res/floor.txt")
    measure "$res/store-floor.txt" "$OUT/read_floor" --store "$per_record" "${files[@]}"
    row "read + store floor ($per_record B a record)" "$n" "$S" "$M"
  else
    echo "cxpact score: not available" | tee -a "$TABLE"
    { grep -h "^Command" "$OUT/time.txt"; head -n 3 "$OUT/last.log"; } >&2 || true
  fi
done

echo
status=0
for pair in "${CHECKS[@]}"; do
  # shellcheck disable=SC2086
  python3 "$COMPARE" $pair || status=1
done
exit $status
