#!/usr/bin/env bash
# One partner's 12-month scorecard from a warm workspace (issue 3): ingests the generated
# contacts and surveys of bench/out/data-N into bench/out/ws-N (once), scores it once (which
# fills the workspace's results cache), then times the scorecard command a user runs.
# Usage: bench/score/scorecard.sh [N]   (default 10000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000000}
CX=build/apps/cli/cxpact
DATA=bench/out/data-12m-$N
WS=bench/out/ws-12m-$N
source "$(dirname "${BASH_SOURCE[0]}")/../workspace.sh"
bench_workspace "$CX" "$N" "$DATA" "$WS"
# The first run after a load computes the score from the store and fills the cache; the
# partner and period filters apply to the cached result, so any scorecard afterwards reads it.
/usr/bin/time -f "first scorecard after the load (computes, fills the cache): %e s, %M KB" \
  $CX -w "$WS" score --partner atlas --from 2026-01 --to 2026-12 >/dev/null
for i in 1 2 3 4 5; do
  /usr/bin/time -f "scorecard atlas, 12 months (cached): %e s, %M KB" \
    $CX -w "$WS" score --partner atlas --from 2026-01 --to 2026-12 >/dev/null
done
