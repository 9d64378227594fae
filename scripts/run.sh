#!/usr/bin/env bash
# make run: a demo federation on the embedded SQLite default (created once), then the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/niangjia
db_file=data/niangjia.db
if [ ! -f "$db_file" ]; then
  echo "Creating the demo federation in $db_file …"
  "$bin" --db "sqlite:$db_file" demo
  echo
  echo "Sign in to the console as city_admin, and to the member portal with the phone above,"
  echo "with the passwords above (shown once)."
else
  echo "Using the existing $db_file; its logins were printed when it was created."
  echo "To start afresh: rm -f data/niangjia.db* && make run"
fi
echo
address="http://${NIANGJIA_ADDRESS:-127.0.0.1}:${NIANGJIA_PORT:-8080}"
echo "Niangjia console: $address/   member portal: $address/m/   (Ctrl-C stops it)"
exec "$bin" --db "sqlite:$db_file" serve
