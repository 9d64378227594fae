#!/usr/bin/env bash
# make test: unit tests; the API tests against a live server on SQLite and on a throwaway
# PostgreSQL 15 cluster that this script creates and removes; the browser tests in Debian's
# Chromium against a live server on a fresh SQLite demo.
#
# While working on one part, two variables narrow the run (CI sets neither):
#   NJ_SUITES="unit sqlite browser postgres"  the suites to run (default: all four)
#   NJ_TESTS=REGEX                            only the API and browser test files whose name matches
set -euo pipefail
suites=${NJ_SUITES:-unit sqlite browser postgres}
want() { [[ " $suites " == *" $1 "* ]]; }
# The test files of `dir` that NJ_TESTS selects (all of them when it is unset).
test_files() {
  local f
  for f in "$1"/*.test.mjs; do
    [[ -z "${NJ_TESTS:-}" || "$(basename "$f")" =~ $NJ_TESTS ]] && echo "$f"
  done
}
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/build/niangjia
work=$(mktemp -d /tmp/niangjia-test.XXXXXX)
chmod 755 "$work"
pids=()
pg_data=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D '$pg_data' -m immediate stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on port $1" >&2
  return 1
}

if want unit; then
  echo "== unit tests"
  ctest --test-dir build --output-on-failure -j2
fi

failed=0
# api_suite NAME DB_URL SQL_SHELL…: a demo federation, a live server, the API tests.
api_suite() {
  local name=$1 url=$2
  shift 2
  local password key port log
  password=$(node -e 'console.log(require("crypto").randomBytes(12).toString("base64url"))')
  key=$work/$name.key
  log=$work/$name-server.log
  echo "== API tests on $name"
  "$bin" --db "$url" --key-file "$key" --log-level warn demo --members 3000 --seed 7 \
    --password "$password" >"$work/$name-demo.txt"
  port=$(free_port)
  "$bin" --db "$url" --key-file "$key" --files-dir "$work/$name-files" serve --port "$port" \
    --static-dir "" --sms-log "$work/$name-sms.log" >"$log" 2>&1 &
  pids+=($!)
  wait_port "$port"
  # NJ_SMS_LOG: the texts the server sent (password codes), one line each, for the tests to read.
  if ! NJ_BASE_URL="http://127.0.0.1:$port" NJ_PASSWORD="$password" NJ_BIN="$bin" \
      NJ_DB="$url" NJ_KEY_FILE="$key" NJ_SQL="$*" NJ_DIALECT="$name" \
      NJ_SMS_LOG="$work/$name-sms.log" \
      node --test --test-concurrency=1 $(test_files tests/api); then
    failed=1
    echo "-- server log ($name):"; tail -50 "$log"
  fi
}

want sqlite && api_suite sqlite "sqlite:$work/niangjia.db" sqlite3 "$work/niangjia.db"

# The browser tests: the built web app served by a live server on a fresh demo federation.
browser_suite() {
  local password key port log db demo
  password=$(node -e 'console.log(require("crypto").randomBytes(12).toString("base64url"))')
  key=$work/browser.key
  db="sqlite:$work/browser.db"
  log=$work/browser-server.log
  echo "== browser tests (Chromium)"
  "$bin" --db "$db" --key-file "$key" --log-level warn demo --members 5000 --seed 11 \
    --password "$password" >"$work/browser-demo.txt"
  demo=$(grep 'member portal' "$work/browser-demo.txt")
  port=$(free_port)
  "$bin" --db "$db" --key-file "$key" --files-dir "$work/browser-files" serve --port "$port" \
    --static-dir "$root/web/dist" --sms-log "$work/browser-sms.log" >"$log" 2>&1 &
  pids+=($!)
  wait_port "$port"
  if ! NJ_BASE_URL="http://127.0.0.1:$port" NJ_PASSWORD="$password" \
      NJ_SMS_LOG="$work/browser-sms.log" \
      NJ_PORTAL_PHONE=$(echo "$demo" | awk '{print $5}') NJ_PORTAL_PASSWORD="$password" \
      node --test --test-concurrency=1 $(test_files tests/browser); then
    failed=1
    echo "-- server log (browser):"; tail -50 "$log"
  fi
  echo "screenshots: tests/browser/screenshots/"
}
want browser && browser_suite

want postgres || { [ $failed -eq 0 ] || { echo "tests FAILED"; exit 1; }; echo "the chosen tests passed"; exit 0; }
pg_bin=/usr/lib/postgresql/15/bin
pg_data=$work/pg
pg_port=$(free_port)
mkdir -p "$pg_data" && chown postgres "$pg_data"
su postgres -s /bin/sh -c "$pg_bin/initdb -D '$pg_data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D '$pg_data' -l '$pg_data/log' -w -o \"-p $pg_port -k '$pg_data' -c listen_addresses=127.0.0.1 -c fsync=off\" start" >/dev/null
pg_url="postgresql://postgres@127.0.0.1:$pg_port/postgres"
NJ_TEST_PG_URL=$pg_url ctest --test-dir build --output-on-failure -R 'Postgres' || failed=1
api_suite postgres "$pg_url" psql -q -v ON_ERROR_STOP=1 "$pg_url" -c

[ $failed -eq 0 ] || { echo "API tests FAILED"; exit 1; }
echo "all tests passed"
