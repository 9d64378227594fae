#!/usr/bin/env bash
# Builds the web app (web/ → web/dist) with Vite when any of its sources is newer than the build.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ -f dist/index.html ] &&
   [ -z "$(find src public index.html portal.html vite.config.* precompress.js package-lock.json -newer dist/index.html 2>/dev/null | head -1)" ]; then
  exit 0
fi
echo "web: building with Vite"
npx vite build --logLevel warn
