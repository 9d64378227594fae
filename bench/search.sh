#!/usr/bin/env bash
# Finding people (GET /api/v1/members?q=…) on a demo of NJ_BENCH_MEMBERS members (default
# 1 500 000) on SQLite, as the city's admin, in the county subtree whose size is nearest to
# NJ_BENCH_SUBTREE (default 200 000) and in the whole city. Each figure is the median of 5
# requests (after one warm-up) of: a plain list page of 20 (the baseline, in the same run), a
# name prefix (`name`, on the index), a part of a name (`q`, a scan of the subtree), an ID
# number and a phone (`q`, exact by blind index), a card number, and page 50 by number. Every
# answer carries `total` (a COUNT up to 10 000), so each figure includes its count.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=$PWD/build/niangjia
members=${NJ_BENCH_MEMBERS:-1500000}
work=${NJ_BENCH_DIR:-/tmp/niangjia-bench}
mkdir -p "$work"
db=$work/search-$members.db
key=$work/search.key
password=bench-password-1
bench_header "finding people on $members members (SQLite), medians of 5"
if [ ! -f "$db" ]; then
  echo "== demo: $members members (made once, kept)"
  "$bin" --db "sqlite:$db" --key-file "$key" --log-level warn demo --members "$members" --aid-claims 0 \
    --archives 0 --password "$password" | head -1
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" --db "sqlite:$db" --key-file "$key" --log-level warn serve --port "$port" --static-dir "" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
NJ_BASE="http://127.0.0.1:$port" NJ_PASSWORD=$password NJ_SUBTREE=${NJ_BENCH_SUBTREE:-200000} \
  NJ_DB_FILE=$db NJ_KEY=$key NJ_BIN=$bin node bench/search.mjs
