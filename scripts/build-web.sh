#!/usr/bin/env bash
# Builds the portal's front end (web/: TypeScript, Vite, ECharts) into web/dist, which
# `cxpact serve --web web/dist` serves. Runs `npm ci` only when node_modules is missing or
# package-lock.json changed since the last install, and `npm run build` only when a source is
# newer than the last build. Usage: scripts/build-web.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "build-web: node and npm are needed (scripts/install-deps.sh installs them)" >&2
  exit 1
fi
# The browser tests use Debian's Chromium through playwright-core: never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

stamp=node_modules/.cxpact-lock.sha256
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -d node_modules || ! -f $stamp || "$(cat "$stamp")" != "$lock" ]]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" >"$stamp"
fi

if [[ ${1:-} != --force && -f dist/index.html && -f dist/.built-from ]] &&
   [[ "$(cat dist/.built-from)" == "$lock" ]] &&
   [[ -z $(find src public index.html vite.config.ts tsconfig.json package.json \
             -newer dist/index.html -print -quit) ]]; then
  echo "build-web: web/dist is up to date"
  exit 0
fi
npm run --silent build
echo "$lock" >dist/.built-from
