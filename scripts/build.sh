#!/usr/bin/env bash
# Configures and builds cxpact into build/ (Release with debug info), then the portal's front
# end into web/dist (scripts/build-web.sh). Usage: scripts/build.sh [cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build --parallel "$(nproc)"
scripts/build-web.sh
