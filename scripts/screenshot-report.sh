#!/usr/bin/env bash
# Renders a close report (cxpact close's per-partner HTML) to a PNG with Debian's headless
# Chromium, for the docs. Usage: scripts/screenshot-report.sh REPORT.html OUT.png
# Environment: CHROMIUM (default /usr/bin/chromium), WINDOW_SIZE (default 1280,2400).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPORT.html OUT.png" >&2
  exit 2
fi
report=$1
out=$2
chromium=${CHROMIUM:-/usr/bin/chromium}
window_size=${WINDOW_SIZE:-1280,2400}

if [[ ! -x "$chromium" ]]; then
  echo "$0: $chromium not found: install Debian's headless Chromium (apt-get install chromium)" \
       "or set CHROMIUM" >&2
  exit 1
fi
if [[ ! -f "$report" ]]; then
  echo "$0: $report: no such file" >&2
  exit 1
fi

report_abs=$(realpath "$report")
out_abs=$(realpath -m "$out")
mkdir -p "$(dirname "$out_abs")"
rm -f "$out_abs"
# A private profile so the run neither reads nor leaves the user's browser state.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --no-first-run --force-device-scale-factor=1 \
  --window-size="$window_size" --screenshot="$out_abs" "file://$report_abs" \
  >"$profile/chromium.log" 2>&1 || {
  echo "$0: chromium failed:" >&2
  cat "$profile/chromium.log" >&2
  exit 1
}
if [[ ! -s "$out_abs" ]]; then
  echo "$0: chromium wrote no screenshot to $out_abs" >&2
  cat "$profile/chromium.log" >&2
  exit 1
fi
echo "$out_abs"
