#!/usr/bin/env bash
# The HTTP workloads (wrk on loopback, median of 3 runs after a warm-up), on both databases:
#   1. SQLite, the NJ_BENCH_MEMBERS demo (1.5 M): /healthz (the bare baseline), a member by id,
#      the member list page of 20 (no filter; filtered by org_id subtree, category, status, name
#      prefix), the city roll-up, and the lists of payout items, mutual-aid claims and hardship
#      archives. Each list's req/s beside /healthz (target ≥ 0.40) and its p99 (target < 5 ms).
#   2. PostgreSQL beside SQLite: the same routes on a NJ_BENCH_PG_MEMBERS demo (200 000) made on
#      a throwaway PostgreSQL 15 cluster (bench_pg_start) and on SQLite, served by the same binary
#      in the same run: each route's PG req/s beside its SQLite figure (target ≥ 0.6), the member
#      list's p99 on PG (target < 10 ms).
#      Beside each PostgreSQL figure, the ceiling: the statements one request of the route sends,
#      run by pgbench alone (PostgreSQL answering them with the machine to itself).
# And for every route, the database round trips a request makes (GET /metrics before and after
# the runs: niangjia_db_round_trips_total ÷ requests), the member list's target ≤ 2.
# The SQLite seed databases are kept in $NJ_BENCH_DIR (delete them to make them again); the
# PostgreSQL demo is made each run (the cluster is thrown away).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=build/niangjia
members=${NJ_BENCH_MEMBERS:-1500000}
pg_members=${NJ_BENCH_PG_MEMBERS:-200000}
seconds=${NJ_BENCH_SECONDS:-5}
conns=${NJ_BENCH_CONNECTIONS:-32}
work=$NJ_BENCH_DIR
key=$work/bench.key
password=bench-password-1
server=""

stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
trap 'stop_server; bench_pg_stop' EXIT

# demo DB_URL N: a demo of N members with lists to page through: a payout item for one member
# in 50 (and those of the claims paid), a settlement record for one in 15, a hardship archive
# for one in 150 (1.5 M: 30 000, 100 000 and 10 000).
demo() {
  local start end
  start=$(date +%s.%N)
  "$bin" --db "$1" --key-file "$key" --log-level warn demo --members "$2" --payouts $(($2 / 50)) \
    --aid-claims $(($2 / 15)) --archives $(($2 / 150)) --password "$password" >/dev/null
  end=$(date +%s.%N)
  echo "demo of $2 members with lists on ${1%%:*}: $(echo "$end - $start" | bc) s"
}

# sqlite_seed N: the SQLite demo of N members, made once and kept.
sqlite_seed() {
  local file=$work/http-$1.db
  if [ ! -f "$file" ]; then demo "sqlite:$file.part" "$1" >&2 && mv "$file.part" "$file"; fi
  echo "sqlite:$file"
}

# serve DB_URL: starts the server, signs in city_admin; sets base, cookie, wucheng (a county).
serve() {
  local port
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  "$bin" --db "$1" --key-file "$key" --log-level warn serve --port "$port" --static-dir "" &
  server=$!
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  base="http://127.0.0.1:$port"
  cookie=$(curl -sf -D - -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"city_admin\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(nj_session=[^;]*\).*/\1/p' | head -1)
  [ -n "$cookie" ] || { echo "cannot sign in to $base" >&2; exit 1; }
  wucheng=$(curl -sf -H "Cookie: $cookie" "$base/api/v1/orgs" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const o=JSON.parse(s);const l=o.items??o;console.log(l[0].id)})')
}

# metric NAME ROUTE: the value of a counter of /metrics for the route (summed over statuses).
metric() {
  curl -sf "$base/metrics" | awk -v n="$1" -v r="route=\"$2\"" 'index($0, n "{") == 1 && index($0, r) { s += $NF } END { print s + 0 }'
}

# run NAME ROUTE WRK_ARGS…: a 2 s warm-up, then three runs; sets rps, p99 (ms) of the median run
# and trips (the route's round trips per request over the three runs).
run() {
  local name=$1 route=$2 results=() out r0 q0 r1 q1
  shift 2
  wrk -t2 -c"$conns" -d2s "$@" >/dev/null
  r0=$(metric niangjia_db_round_trips_total "$route")
  q0=$(metric niangjia_http_requests_total "$route")
  for _ in 1 2 3; do
    out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency "$@")
    # p99 in ms, whatever unit wrk printed it in (us, ms, s).
    results+=("$(echo "$out" | awk '/Requests\/sec/ { r = $2 }
      $1 == "99%" { p = $2 + 0; if ($2 ~ /us$/) p /= 1000; else if ($2 !~ /ms$/) p *= 1000 }
      END { print r, p }')")
  done
  r1=$(metric niangjia_db_round_trips_total "$route")
  q1=$(metric niangjia_http_requests_total "$route")
  read -r rps p99 < <(printf '%s\n' "${results[@]}" | sort -g | sed -n 2p)
  trips=$(awk -v a="$r0" -v b="$r1" -v c="$q0" -v d="$q1" 'BEGIN { printf "%.2f", (d > c) ? (b - a) / (d - c) : 0 }')
}

# routes DB MEMBERS: every route once on the server running; fills fig_<key> with "rps p99 trips".
declare -A fig
routes() {
  local members=$2 list="/api/v1/members"
  run "/healthz" "/healthz" "$base/healthz"; fig[$1.healthz]="$rps $p99 $trips"
  NJ_MEMBERS=$members NJ_COOKIE=$cookie run "member by id" "/api/v1/members/{id}" -s bench/members.lua "$base"
  fig[$1.by_id]="$rps $p99 $trips"
  local h=(-H "Cookie: $cookie")
  run list "$list" "${h[@]}" "$base$list?limit=20"; fig[$1.list]="$rps $p99 $trips"
  run list "$list" "${h[@]}" "$base$list?limit=20&org_id=$wucheng"; fig[$1.list_org]="$rps $p99 $trips"
  run list "$list" "${h[@]}" "$base$list?limit=20&category=courier"; fig[$1.list_category]="$rps $p99 $trips"
  run list "$list" "${h[@]}" "$base$list?limit=20&status=active"; fig[$1.list_status]="$rps $p99 $trips"
  # 张伟, the commonest full name: what a clerk types to find someone.
  run list "$list" "${h[@]}" "$base$list?limit=20&name=%E5%BC%A0%E4%BC%9F"; fig[$1.list_name]="$rps $p99 $trips"
  run rollup "/api/v1/orgs/{id}/stats" "${h[@]}" "$base/api/v1/orgs/1/stats"; fig[$1.rollup]="$rps $p99 $trips"
  run items "/api/v1/payout/items" "${h[@]}" "$base/api/v1/payout/items?limit=20"; fig[$1.items]="$rps $p99 $trips"
  run claims "/api/v1/aid/claims" "${h[@]}" "$base/api/v1/aid/claims?limit=20"; fig[$1.claims]="$rps $p99 $trips"
  run archives "/api/v1/hardship/archives" "${h[@]}" "$base/api/v1/hardship/archives?limit=20"
  fig[$1.archives]="$rps $p99 $trips"
}

field() { echo "${fig[$1]}" | awk -v i="$2" '{ print $i }'; }

# pg_alone ROUTES…: for each route key, the statements one request of it sends to PostgreSQL
# (logged by the server while log_min_duration_statement = 0, bench/pg_statements.mjs), timed
# by pgbench alone — prepared, as many clients and as long as wrk — and kept in
# fig[alone.<key>] (transactions/s: requests/s of the route PostgreSQL alone can answer on this
# machine, without the HTTP server beside it).
declare -A path=(
  [by_id]="/api/v1/members/$((pg_members / 2))" [list]="/api/v1/members?limit=20"
  [list_org]="/api/v1/members?limit=20&org_id=WUCHENG" [list_category]="/api/v1/members?limit=20&category=courier"
  [list_status]="/api/v1/members?limit=20&status=active"
  [list_name]="/api/v1/members?limit=20&name=%E5%BC%A0%E4%BC%9F" [rollup]="/api/v1/orgs/1/stats"
  [items]="/api/v1/payout/items?limit=20" [claims]="/api/v1/aid/claims?limit=20"
  [archives]="/api/v1/hardship/archives?limit=20")
pg_alone() {
  local log=$bench_pg_data/log script=$NJ_BENCH_DIR/pg-alone.sql k offset
  psql -qX "$NJ_BENCH_PG_URL" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
  sleep 0.5
  for k in "$@"; do
    offset=$(stat -c %s "$log")
    curl -sf -o /dev/null -H "Cookie: $cookie" "$base${path[$k]/WUCHENG/$wucheng}"
    sleep 0.3
    node bench/pg_statements.mjs "$log" "$offset" >"$script.$k"
  done
  psql -qX "$NJ_BENCH_PG_URL" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
  for k in "$@"; do
    fig[alone.$k]=$(/usr/lib/postgresql/15/bin/pgbench -n -M prepared -c "$conns" -j 2 -T "$seconds" \
      -f "$script.$k" "$NJ_BENCH_PG_URL" 2>/dev/null | awk '/^tps/ { print $3 }')
  done
}

declare -A label=(
  [healthz]="/healthz" [by_id]="member by id" [list]="member list page of 20"
  [list_org]="member list, org subtree" [list_category]="member list, category"
  [list_status]="member list, status" [list_name]="member list, name prefix"
  [rollup]="city roll-up" [items]="payout items page of 20" [claims]="aid claims page of 20"
  [archives]="hardship archives page of 20")
lists=(list list_org list_category list_status list_name items claims archives)
all=(healthz by_id list list_org list_category list_status list_name rollup items claims archives)

bench_header "HTTP on loopback: wrk -t2 -c$conns -d${seconds}s, median of 3 (server and wrk share the cores)"

# 1. SQLite at full size.
serve "$(sqlite_seed "$members")"
routes big "$members"
stop_server
health=$(field big.healthz 1)
for k in by_id rollup; do
  bench_figure "${label[$k]} (SQLite $members)" "$(field big.$k 1)" req/s /healthz "$health" -
done
for k in "${lists[@]}"; do
  bench_figure "${label[$k]} (SQLite $members)" "$(field big.$k 1)" req/s /healthz "$health" 'ratio>=0.40'
  bench_figure "${label[$k]} p99 (SQLite $members)" "$(field big.$k 2)" ms - - '<5'
done

# 2. PostgreSQL beside SQLite, the same size, the same binary.
small=$(sqlite_seed "$pg_members")
bench_pg_start
demo "$NJ_BENCH_PG_URL" "$pg_members"
serve "$NJ_BENCH_PG_URL"
routes pg "$pg_members"
stop_server
serve "$NJ_BENCH_PG_URL"
pg_alone by_id list list_org list_category list_status list_name rollup items claims archives
stop_server
serve "$small"
routes lite "$pg_members"
stop_server
for k in "${all[@]}"; do
  bench_figure "${label[$k]} (PostgreSQL $pg_members)" "$(field pg.$k 1)" req/s \
    "SQLite $pg_members" "$(field lite.$k 1)" 'ratio>=0.6'
done
bench_figure "member list page of 20 p99 (PostgreSQL $pg_members)" "$(field pg.list 2)" ms - - '<10'
# The ceiling on this machine: the route beside its statements run by PostgreSQL alone.
for k in "${all[@]}"; do
  [ "$k" = healthz ] && continue
  bench_figure "${label[$k]} (PostgreSQL $pg_members) vs PostgreSQL alone" "$(field pg.$k 1)" req/s \
    "pgbench of its statements" "${fig[alone.$k]}" -
done

# 3. Round trips per request, by route (the session is cached: it costs none once signed in).
for k in "${all[@]}"; do
  target=-
  case $k in list*) target='<=2' ;; esac
  bench_figure "${label[$k]}: round trips per request (SQLite)" "$(field big.$k 3)" trips - - "$target"
  bench_figure "${label[$k]}: round trips per request (PostgreSQL)" "$(field pg.$k 3)" trips - - "$target"
done
