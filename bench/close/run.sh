#!/usr/bin/env bash
# The monthly close as the vendor manager runs it, on a demo workspace (every feed, the five
# example contracts, the allocation rule): a new close of 2026-03, then a rerun with the same
# inputs (which reads the stored version back). Each BINARY runs both, one after the other.
# The demo workspace is built once (about 6 minutes at 10M contacts, 5 GB on disk).
# Usage: bench/close/run.sh [CONTACTS [BINARY...]]   (default 10000000 build/apps/cli/cxpact)
#        CLOSE_WS=DIR bench/close/run.sh ...          (an existing demo workspace instead)
set -euo pipefail
export LC_ALL=C  # printf %.2f with a decimal point.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
N=${1:-10000000}
shift || true
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian: time)" >&2; exit 1; }
BINARIES=()
for b in "${@:-$ROOT/build/apps/cli/cxpact}"; do
  [ -x "$b" ] || { echo "$b: no such program (build with scripts/build.sh)" >&2; exit 1; }
  BINARIES+=("$(realpath "$b")")
done
WS=${CLOSE_WS:-$ROOT/bench/out/close-$N}
# `cxpact demo` marks its folder before it builds; this script's own mark says it finished.
if [ ! -f "$WS/.bench-close-ready" ]; then
  if [ -n "${CLOSE_WS:-}" ] && [ -f "$WS/.cxpact-demo" ] && [ -d "$WS/close" ]; then
    touch "$WS/.bench-close-ready"  # A finished demo workspace handed in.
  else
    echo "building the demo workspace $WS ($N contacts)..."
    "${BINARIES[0]}" demo --contacts "$N" "$WS" >/dev/null
    touch "$WS/.bench-close-ready"
  fi
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "| binary | close | seconds | peak MiB |"
echo "|---|---|---:|---:|"
for cx in "${BINARIES[@]}"; do
  # A comment appended to a contract changes the inputs' fingerprint but not the result: the
  # close computes anew, and must restate nothing against the version before it.
  echo "# bench run $(date +%s%N)" >>"$WS/contracts/atlas.toml"
  for what in new rerun; do
    /usr/bin/time -f "%e %M" -o "$TMP/time" "$cx" -w "$WS" close --period 2026-03 \
      >"$TMP/$what.txt" 2>&1 || { cat "$TMP/$what.txt" >&2; exit 1; }
    read -r secs kib <"$TMP/time"
    printf "| %s | %s | %.2f | %d |\n" "$cx" "$what" "$secs" $((kib / 1024))
  done
  grep -q "version .* (new" "$TMP/new.txt" || { echo "the first close was not new" >&2; exit 1; }
  grep -q "unchanged inputs" "$TMP/rerun.txt" || { echo "the rerun computed again" >&2; exit 1; }
  if ! grep -q "restated since version [0-9]*: 0 rows, 0 changed results" "$TMP/new.txt"; then
    echo "$cx: the close changed results against the version before it:" >&2
    grep "restated since" "$TMP/new.txt" >&2
    exit 1
  fi
done
