#!/usr/bin/env bash
# make bench: the foundation's workloads against a 1.5 M-member demo on SQLite, each beside its
# baseline measured in the same run:
#   1. demo generation time for NJ_BENCH_MEMBERS members (target: under a minute for 1.5 M);
#   2. over HTTP with wrk on loopback: member lookup by id and a list page of 20, beside the same
#      server's /healthz (the bare baseline); median of 3 runs each;
#   3. the subtree roll-up read at city level beside a recursive-CTE count (Google Benchmark);
#   4. the mutual-aid rules engine (bench/aid_rules.sh: its cold first run, what one ingest
#      pays, beside the warm figure), then the scripts of the modules: roster import and export,
#      payouts, settlement ingest, the hardship report and re-levelling, finding people, the
#      member portal on a mobile link (each prints its own baseline).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
: >"$NJ_BENCH_RESULTS"  # this run's figures; bench/summary.sh tabulates them at the end
bin=build/niangjia
members=${NJ_BENCH_MEMBERS:-1500000}
seconds=${NJ_BENCH_SECONDS:-10}
conns=${NJ_BENCH_CONNECTIONS:-32}
work=${NJ_BENCH_DIR:-/tmp/niangjia-bench}
mkdir -p "$work"
db="sqlite:$work/bench-$members.db"
key="$work/bench.key"
password=bench-password-1
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"

if [ ! -f "$work/bench-$members.db" ]; then
  echo "== demo generation: $members members"
  start=$(date +%s.%N)
  "$bin" --db "$db" --key-file "$key" --log-level warn demo --members "$members" --aid-claims 0 --archives 0 --password "$password" | head -1
  end=$(date +%s.%N)
  echo "demo generation: $(echo "$end - $start" | bc) s for $members members"
else
  echo "== reusing $work/bench-$members.db (delete it to time demo generation again)"
fi

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" --db "$db" --key-file "$key" --log-level warn serve --port "$port" --static-dir "" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
cookie=$(node -e '
  fetch(process.argv[1] + "/api/v1/auth/login", {method: "POST", headers: {"content-type": "application/json"},
        body: JSON.stringify({username: "city_admin", password: process.argv[2]})})
    .then(r => { if (!r.ok) throw new Error("login " + r.status); console.log(r.headers.get("set-cookie").split(";")[0]); })
    .catch(e => { console.error(e.message); process.exit(1); })' "$base" "$password")

# wrk_median NAME ARGS…: a 3 s warm-up (discarded: caches fill, threads settle), then three
# runs; prints the median requests/s and its p99 latency.
wrk_median() {
  local name=$1; shift
  local results=()
  wrk -t2 -c"$conns" -d3s "$@" >/dev/null
  for i in 1 2 3; do
    out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency "$@")
    rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    p99=$(echo "$out" | awk '$1=="99%"{print $2}')
    results+=("$rps $p99")
  done
  printf '%s\n' "${results[@]}" | sort -n | sed -n 2p | {
    read -r rps p99
    printf '%-28s %10.0f req/s   p99 %s\n' "$name" "$rps" "$p99"
    echo "$rps" >"$work/last_rps"
  }
}

echo "== HTTP on loopback: wrk -t2 -c$conns -d${seconds}s, median of 3 (server and wrk share the $(nproc) cores)"
wrk_median "/healthz (baseline)" "$base/healthz"
health=$(cat "$work/last_rps")
NJ_MEMBERS=$members NJ_COOKIE=$cookie wrk_median "member lookup by id" -s bench/members.lua "$base"
lookup=$(cat "$work/last_rps")
wrk_median "member list page of 20" -H "Cookie: $cookie" "$base/api/v1/members?limit=20"
list=$(cat "$work/last_rps")
wrk_median "city roll-up over HTTP" -H "Cookie: $cookie" "$base/api/v1/orgs/1/stats"
echo "lookup / baseline: $(echo "scale=2; $lookup / $health" | bc)   list / baseline: $(echo "scale=2; $list / $health" | bc)"

echo "== subtree roll-up read at city level vs recursive CTE (Google Benchmark, 5 repetitions)"
build/bench/rollup_bench --db "$db" --org 1 --benchmark_min_time=0.2
bash bench/aid_rules.sh
bash bench/import.sh
bash bench/payout.sh
bash bench/aid_ingest.sh
bash bench/hardship_report.sh
bash bench/hardship_relevel.sh
bash bench/search.sh
bash bench/portal.sh
bash bench/summary.sh
