#!/usr/bin/env bash
# The portal under load (issue 5): GET /api/v1/partners/{partner}/scorecard at 100 concurrent
# connections over a workspace of N contacts in 12 months. Reuses bench/out/ws-12m-N (or makes
# it as bench/score/scorecard.sh does), adds a portal user, starts `cxpact serve`, logs in with
# curl, warms the score, then runs wrk (--latency) four times:
#   card      one partner's 12-month scorecard;
#   rotating  scorecards rotating partners and from/to ranges (bench/serve/scorecard.lua);
#   overview  the overview;
#   reload    rotating scorecards while `cxpact ingest`, another process, loads a file (rows
#             already stored: a new data version with the same data), so the server scores the
#             new version in the background during the run.
# Writes bench/out/serve-N/summary.md (and each run's wrk output) and fails when a response was
# not 2xx or a socket error happened. Figures: bench/README.md.
# Usage: bench/serve/run.sh [N]   (default 10000000)
# Env: CX (cxpact binary, default build/apps/cli/cxpact), PORT (18080), DURATION (30s),
# CONNECTIONS (100), THREADS (wrk threads, 2), SERVE_ARGS (more `cxpact serve` flags),
# RELOAD=0 skips the reload run.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000000}
CX=${CX:-build/apps/cli/cxpact}
PORT=${PORT:-18080}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-100}
THREADS=${THREADS:-2}
SERVE_ARGS=${SERVE_ARGS:-}
RELOAD=${RELOAD:-1}
DATA=bench/out/data-12m-$N
WS=bench/out/ws-12m-$N
OUT=bench/out/serve-$N
mkdir -p "$OUT"
for tool in wrk curl python3; do
  command -v $tool >/dev/null || { echo "run.sh: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done

# The data and the workspace, as the other 12-month benchmarks make them.
source "$(dirname "${BASH_SOURCE[0]}")/../workspace.sh"
bench_workspace "$CX" "$N" "$DATA" "$WS"

USER_NAME=bench-viewer
PASSWORD=bench-password-not-a-secret
if ! $CX -w "$WS" user list | grep -qw -- "$USER_NAME"; then
  CXPACT_PASSWORD=$PASSWORD $CX -w "$WS" user add "$USER_NAME" --role client_viewer >/dev/null
fi

# shellcheck disable=SC2086
$CX -w "$WS" serve --port "$PORT" $SERVE_ARGS >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
BASE=http://127.0.0.1:$PORT
for _ in $(seq 150); do
  curl -s -o /dev/null "$BASE/api/v1/me" && break
  kill -0 $SERVER 2>/dev/null || { cat "$OUT/serve.log"; exit 1; }
  sleep 0.2
done

HEADERS=$(curl -s -D - -o "$OUT/login.json" -H 'Content-Type: application/json' \
  -d "{\"user\":\"$USER_NAME\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/login")
COOKIE=$(printf '%s' "$HEADERS" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' |
         head -1)
[[ -n $COOKIE ]] || { echo "run.sh: login failed: $(cat "$OUT/login.json")" >&2; exit 1; }

# Warm: wait until the score of the current data is in memory (at 10M, a minute or more when
# the results cache does not have it).
json_field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$1"; }
warm() {
  local start=$SECONDS
  curl -sf -H "Cookie: $COOKIE" "$BASE/api/v1/partners" -o "$OUT/partners.json"
  PARTNER=$(json_field "$OUT/partners.json" '["partners"][0]["name"]')
  until curl -sf -H "Cookie: $COOKIE" "$BASE/api/v1/partners/$PARTNER/scorecard" \
          -o "$OUT/scorecard.json" &&
        [[ $(json_field "$OUT/scorecard.json" '["stale"]') == False ]]; do
    sleep 1
  done
  echo "warm: $((SECONDS - start)) s"
}
warm
curl -sf -H "Cookie: $COOKIE" "$BASE/api/v1/partners" -o "$OUT/partners.json"
curl -sf -H "Cookie: $COOKIE" "$BASE/api/v1/overview" -o "$OUT/overview.json"
PARTNERS=$(python3 -c 'import json,sys; print(",".join(p["name"] for p in json.load(open(sys.argv[1]))["partners"]))' "$OUT/partners.json")
PERIODS=$(python3 -c 'import json,sys; print(",".join(sorted({t["period"] for t in json.load(open(sys.argv[1]))["trends"]})))' "$OUT/overview.json")
FIRST=${PERIODS%%,*}
LAST=${PERIODS##*,}
export PARTNERS PERIODS
echo "partners: $PARTNERS; periods: $FIRST..$LAST; $(wc -c <"$OUT/scorecard.json") bytes per 12-month scorecard"

# `wrk --latency` output -> one markdown row: requests/s, p50/p90/p99/max (ms), errors.
summarize() {
  python3 - "$1" "$2" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[m.group(2)]
pct = {p: ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", text, re.M)}
mx = ms(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", text, re.M).group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
sock_total = sum(int(x) for x in sock.groups()) if sock else 0
print(f"| {name} | {total} | {rps:.0f} | {pct['50']:.2f} | {pct['90']:.2f} | {pct['99']:.2f} "
      f"| {mx:.1f} | {non2xx} | {sock.group(0) if sock else 0} |")
sys.exit(1 if non2xx or sock_total else 0)
PY
}

ROWS=()
FAILED=0
run() {  # name, then wrk arguments after the common ones
  local name=$1
  shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $COOKIE" "$@" \
    >"$OUT/$name.txt"
  local row
  row=$(summarize "$name" "$OUT/$name.txt") || FAILED=1
  ROWS+=("$row")
  echo "$row"
}

run card "$BASE/api/v1/partners/$PARTNER/scorecard?from=$FIRST&to=$LAST"
run rotating -s bench/serve/scorecard.lua "$BASE"
run overview "$BASE/api/v1/overview"
if [[ $RELOAD == 1 ]]; then
  head -1001 "$DATA/contacts.csv" >"$OUT/reload-contacts.csv"
  (sleep 2 && $CX -w "$WS" ingest --max-bad-share 1 contacts "$OUT/reload-contacts.csv" \
     >"$OUT/reload-ingest.log" 2>&1) &
  INGEST=$!
  run reload -s bench/serve/scorecard.lua "$BASE"
  wait $INGEST
  warm  # The new version's score, computed in the background during the run.
fi

RSS=$(awk '/VmRSS|VmHWM/ {printf "%s %d MiB, ", $1, $2 / 1024}' /proc/$SERVER/status)
{
  echo "$(date -u +%Y-%m-%d) $N contacts, 12 months, commit $(git rev-parse --short HEAD)," \
       "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, serve ${SERVE_ARGS:-(defaults)}"
  echo
  echo "| run | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx | socket errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "server: ${RSS%, }; $(grep 'scored in' "$OUT/serve.log" | tr '\n' ';' | sed 's/cxpact serve: //g')"
  echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
       "$(free -m | awk '/Mem:/ {print $3 " MiB used of " $2}')"
} | tee "$OUT/summary.md"
exit $FAILED
