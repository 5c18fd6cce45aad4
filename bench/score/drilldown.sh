#!/usr/bin/env bash
# Latency of the drill-down route (GET /api/v1/partners/{partner}/contacts, docs/api.md) on a
# workspace of N generated contacts over 12 months: builds bench/out/ws-12m-N as scorecard.sh
# does (once), serves it, and times each explained metric for the largest partner's month
# (median of 5 requests, through curl over loopback). Prints the counts too: they equal the
# scorecard's denominator and numerator.
# Usage: bench/score/drilldown.sh [N] [PARTNER] [PERIOD]   (default 1000000 atlas 2026-06)
# Environment: CX (the binary), OUT (folder of data and workspaces), PORT.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
PARTNER=${2:-atlas}
PERIOD=${3:-2026-06}
CX=${CX:-build/apps/cli/cxpact}
OUT=${OUT:-bench/out}
DATA=$OUT/data-12m-$N
WS=$OUT/ws-12m-$N
PORT=${PORT:-18433}
export CXPACT_PASSWORD='bench password 1'
source "$(dirname "${BASH_SOURCE[0]}")/../workspace.sh"
bench_workspace "$CX" "$N" "$DATA" "$WS"
# A workspace made before the drill-down's indexes gets them at its first open.
/usr/bin/time -f "status (the first open builds missing indexes): %e s" $CX -w "$WS" status >/dev/null
$CX -w "$WS" user add bench-admin --role client_admin >/dev/null 2>&1 || true
$CX -w "$WS" serve --port "$PORT" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
JAR=$(mktemp)
for _ in $(seq 50); do
  curl -s -c "$JAR" -H 'content-type: application/json' \
    -d "{\"user\":\"bench-admin\",\"password\":\"$CXPACT_PASSWORD\"}" \
    "http://127.0.0.1:$PORT/api/v1/login" >/dev/null && break
  sleep 0.2
done
BASE="http://127.0.0.1:$PORT/api/v1/partners/$PARTNER"
# The first scorecard after a load computes the score (or reads the results cache).
curl -s -b "$JAR" -o /dev/null -w "scorecard (first): %{time_total} s\n" "$BASE/scorecard"
for metric in fcr repeat_rate fcr_same_reason service_level abandon_rate transfer_rate \
              response_within csat nps nps_promoters nps_detractors ces_share_5plus; do
  times=()
  for _ in 1 2 3 4 5; do
    times+=("$(curl -s -b "$JAR" -o /tmp/cxpact-drilldown.json -w '%{time_total}' \
               "$BASE/contacts?period=$PERIOD&metric=$metric&limit=50")")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  counts=$(python3 -c "import json; d = json.load(open('/tmp/cxpact-drilldown.json')); \
print(d['total'], d['in_numerator'])")
  printf '%-16s %6.0f ms   total, in_numerator: %s\n' "$metric" \
    "$(python3 -c "print($median * 1000)")" "$counts"
done
rm -f "$JAR"
