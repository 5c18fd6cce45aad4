#!/usr/bin/env bash
# Times two or more cxpact builds on the same data, alternating their runs so that a drift of
# the machine hits every build alike; prints each build's median and range, and fails if any
# run fails or if the builds' outputs differ in any run.
#
# Usage: bench/score/ab.sh [--runs N] [--warm MIB] DATA BINARY...
#   --runs N    runs of each build (default 5)
#   --warm MIB  touch MIB MiB of fresh memory (bench/score/touch.cc) before each run, so that
#               every run finds memory the host still backs: the comparison then measures the
#               builds' work, not how long the machine sat idle (bench/README.md, session 7).
#               Use about 1.5x the builds' peak.
# Each run is `BINARY score --format csv DATA`.
set -euo pipefail
export LC_ALL=C
HERE=$(cd "$(dirname "$0")" && pwd)
usage() { sed -n '2,12p' "$HERE/ab.sh" | sed 's/^# \{0,1\}//' >&2; exit 2; }
RUNS=5
WARM=0
while [ $# -gt 0 ]; do
  case $1 in
    --runs|--warm)
      [ $# -ge 2 ] && [[ $2 =~ ^[0-9]+$ ]] || usage
      if [ "$1" = --runs ]; then RUNS=$2; else WARM=$2; fi
      shift 2 ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] && [ "$RUNS" -ge 1 ] || usage
DATA=$(realpath "$1"); shift
BINS=()
for b in "$@"; do
  [ -x "$b" ] || { echo "ab.sh: $b is not an executable" >&2; exit 2; }
  BINS+=("$(realpath "$b")")
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ "$WARM" -gt 0 ]; then
  g++ -O2 -std=c++20 -pthread -o "$TMP/touch" "$HERE/touch.cc"
fi
for ((run = 1; run <= RUNS; run++)); do
  for ((b = 0; b < ${#BINS[@]}; b++)); do
    if [ "$WARM" -gt 0 ]; then "$TMP/touch" "$WARM" 2 >/dev/null; fi
    if ! /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "${BINS[$b]}" score --format csv "$DATA" \
        >"$TMP/out-$b.csv" 2>"$TMP/err"; then
      echo "ab.sh: run $run of ${BINS[$b]} failed:" >&2
      cat "$TMP/err" >&2
      exit 1
    fi
    read -r wall user sys kib <"$TMP/time"
    echo "$wall" >>"$TMP/wall-$b"
    printf "run %d  %-40s %6.2f s  (user %5.2f, sys %5.2f)  %5d MiB\n" "$run" "${BINS[$b]}" \
      "$wall" "$user" "$sys" $((kib / 1024))
    if [ "$b" -gt 0 ] && ! cmp -s "$TMP/out-0.csv" "$TMP/out-$b.csv"; then
      echo "ab.sh: run $run: the outputs of ${BINS[0]} and ${BINS[$b]} differ" >&2
      exit 1
    fi
  done
done
echo
for ((b = 0; b < ${#BINS[@]}; b++)); do
  sort -n "$TMP/wall-$b" | awk -v bin="${BINS[$b]}" \
    '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
       printf "%-40s median %.2f s  range %.2f-%.2f s (%d runs)\n", bin, m, v[1], v[NR], NR }'
done
echo "outputs byte-identical in every run"
