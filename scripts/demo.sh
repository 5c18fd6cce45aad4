#!/usr/bin/env bash
# The README's first command: installs everything, builds, generates realistic multi-partner
# data, runs the main job (ingest, scorecards, the monthly close) on the embedded store in
# ./demo, then serves the portal on it at http://127.0.0.1:8080/ with the demo users it printed
# (Ctrl-C stops the server; the workspace stays). Arguments go to `cxpact demo` (--contacts N).
# CXPACT_DEMO_PORT picks another port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/apps/cli/cxpact demo demo "$@"
echo
echo "== the portal: open http://127.0.0.1:${CXPACT_DEMO_PORT:-8080}/ and log in as a user above (Ctrl-C stops it)"
exec build/apps/cli/cxpact -w demo serve --web web/dist --port "${CXPACT_DEMO_PORT:-8080}"
