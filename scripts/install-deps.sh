#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running cxpact needs.
# Idempotent: a second run installs nothing new. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libsqlite3-dev sqlite3 zlib1g-dev
  libtomlplusplus-dev nlohmann-json3-dev libsimdjson-dev libfast-float-dev
  libhowardhinnant-date-dev tzdata libcli11-dev libspdlog-dev libfmt-dev
  libsodium-dev libboost-dev libxxhash-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev python3 gzip
  wrk curl  # bench/serve/run.sh: the portal under load
  chromium
)
# The portal's front end builds with node and npm (web/). A node already on PATH (e.g. a newer
# one installed otherwise) is kept; Debian's is installed only when there is none.
if ! command -v node >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all ${#PACKAGES[@]} Debian packages present"
fi
