#!/usr/bin/env bash
# The README's first command: installs everything, builds, generates realistic multi-partner
# data and runs the main job on the embedded store in ./demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/apps/cli/cxpact demo demo "$@"
