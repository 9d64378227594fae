#!/usr/bin/env bash
# make bench: the foundation's workloads against a 1.5 M-member demo on SQLite, each beside its
# baseline measured in the same run:
#   1. demo generation time for NJ_BENCH_MEMBERS members (target: under a minute for 1.5 M);
#   2. over HTTP with wrk on loopback (bench/http.sh): /healthz, a member by id, the member list
#      (unfiltered and by each filter), the roll-up and the lists of payout items, claims and
#      hardship archives, on SQLite at 1.5 M and on PostgreSQL beside SQLite at 200 000, with
#      the round trips each request makes;
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
  bench_figure "demo generation, $members members (SQLite)" "$(echo "$end - $start" | bc)" s - - '<60'
else
  echo "== reusing $work/bench-$members.db (delete it to time demo generation again)"
fi

bash bench/http.sh

echo "== subtree roll-up read at city level vs recursive CTE (Google Benchmark, 5 repetitions)"
build/bench/rollup_bench --db "$db" --org 1 --benchmark_min_time=0.2 --benchmark_format=json \
  >"$work/rollup.json"
# The medians of the 5 repetitions, in µs: the kept roll-up beside the recursive CTE's count.
read -r rollup cte < <(node -e '
  const b = JSON.parse(require("fs").readFileSync(process.argv[1])).benchmarks;
  const scale = { ns: 1e-3, us: 1, ms: 1e3, s: 1e6 };
  const median = (name) => {
    const x = b.find((x) => x.run_name.split("/")[0] === name && x.aggregate_name === "median");
    return x.real_time * scale[x.time_unit];
  };
  console.log(median("BM_RollupRead"), median("BM_RecursiveCteCount"));' "$work/rollup.json")
bench_figure "city roll-up read, in process (SQLite $members)" "$rollup" µs "recursive CTE count" "$cte" -
bash bench/aid_rules.sh
bash bench/import.sh
bash bench/payout.sh
bash bench/aid_ingest.sh
bash bench/hardship_report.sh
bash bench/hardship_relevel.sh
bash bench/search.sh
bash bench/portal.sh
bash bench/summary.sh
