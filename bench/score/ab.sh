#!/usr/bin/env bash
# Times two or more cxpact builds on the same data, alternating runs so that a drift of the
# machine hits every build alike, then prints each build's median and range, and checks
# that their outputs are byte-identical.
# Usage: bench/score/ab.sh [--runs N] [--warm MIB] DATA BINARY...
#   --runs N    runs of each build (default 5)
#   --warm MIB  touch MIB MiB of fresh memory (bench/score/touch.cc) before each run, so
#               that every run finds memory the host still backs: the comparison then
#               measures the builds' work, not how long the machine sat idle (bench/README.md,
#               "Fresh memory"). Use about 1.5x the builds' peak.
# Each run is `BINARY score --format csv DATA`.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${BENCH_OUT:-$PWD/bench/out}
RUNS=5
WARM=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --warm) WARM=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
DATA=$1; shift
BINS=("$@")
mkdir -p "$OUT/ab"
if [ "$WARM" -gt 0 ]; then
  g++ -O2 -std=c++20 -pthread -o "$OUT/touch" bench/score/touch.cc
fi
for ((run = 1; run <= RUNS; run++)); do
  for ((b = 0; b < ${#BINS[@]}; b++)); do
    [ "$WARM" -gt 0 ] && "$OUT/touch" "$WARM" 2 >/dev/null
    /usr/bin/time -f "%e %U %S %M" -o "$OUT/ab/time.txt" \
      "${BINS[$b]}" score --format csv "$DATA" >"$OUT/ab/out-$b.csv" 2>/dev/null
    read -r wall user sys kib <"$OUT/ab/time.txt"
    echo "$wall" >>"$OUT/ab/wall-$b.txt.$$"
    printf "run %d  %-28s %6.2f s  (user %5.2f, sys %5.2f)  %5d MiB\n" "$run" "${BINS[$b]}" \
      "$wall" "$user" "$sys" $((kib / 1024))
  done
done
echo
status=0
for ((b = 0; b < ${#BINS[@]}; b++)); do
  sort -n "$OUT/ab/wall-$b.txt.$$" | awk -v bin="${BINS[$b]}" \
    '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
       printf "%-28s median %.2f s  range %.2f-%.2f s\n", bin, m, v[1], v[NR] }'
  rm -f "$OUT/ab/wall-$b.txt.$$"
  if [ "$b" -gt 0 ] && ! cmp -s "$OUT/ab/out-0.csv" "$OUT/ab/out-$b.csv"; then
    echo "outputs differ: ${BINS[0]} and ${BINS[$b]}" >&2
    status=1
  fi
done
exit $status
