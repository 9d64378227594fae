#!/usr/bin/env bash
# Installs what the build and the tests need and is missing, from Debian's packages and npm.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(
  build-essential cmake ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev libicu-dev libxlsxwriter-dev libminizip-dev libexpat1-dev zlib1g-dev
  postgresql-15 sqlite3 wrk bc ninja-build time
  chromium fonts-noto-cjk python3-openpyxl
)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js and npm: any install that provides both commands will do (Debian's, or one bundling npm).
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end packages: the web app's and the tests', exactly as package-lock.json says, whenever the
# lock file is newer than what is installed.
for dir in web tests; do
  lock=$dir/package-lock.json
  [ -f "$lock" ] || continue
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$lock" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
