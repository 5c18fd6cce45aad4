#!/usr/bin/env bash
# The README's second command: installs everything, builds, and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Warnings fail here, so that none creeps into the build unseen.
scripts/build.sh -DCXPACT_WERROR=ON
cd build
ctest --output-on-failure --parallel "$(nproc)" --timeout 900
