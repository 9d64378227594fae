#!/usr/bin/env bash
# The mutual-aid rules engine alone (build/bench/aid_rules_bench: a million records falling on
# some 500 000 of a registry's 1 440 000 members, as bench/aid_ingest.sh's, built in memory),
# two figures:
#   cold — what one settlement ingest pays: a fresh engine's first run in a fresh process, its
#          tables allocated and faulted in (huge pages, asked for by the engine itself) and
#          filled once, in CPU time (page faults included; the wall time beside it); the
#          median of NJ_BENCH_COLD_RUNS (3) processes. Target (issue 17):
#          at least 5 000 000 records/s on one core;
#   warm — BM_Adjudicate, the same run repeated in one process (Google Benchmark), beside
#          which the cold one is shown: ratio = cold ÷ warm, what the first run loses.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=build/bench/aid_rules_bench
runs=${NJ_BENCH_COLD_RUNS:-3}
bench_header "mutual-aid rules engine, 1 M records on one core"
cold=()
for _ in $(seq 1 "$runs"); do
  line=$("$bin" --cold_only)
  echo "$line"
  cold+=("$(echo "$line" | sed -n 's/.*cold_records_per_s=\([0-9]*\).*/\1/p')")
done
json=$NJ_BENCH_DIR/aid_rules.json
# Google Benchmark's context (CPU, caches) goes to stderr: kept in a file, shown if it fails.
if ! "$bin" --benchmark_min_time=0.5 --benchmark_out="$json" --benchmark_out_format=json \
  2>"$NJ_BENCH_DIR/aid_rules.err" | grep -E '^(BM_|---|Benchmark)'; then
  cat "$NJ_BENCH_DIR/aid_rules.err" >&2
  exit 1
fi
warm=$(jq '.benchmarks[] | select(.name == "BM_Adjudicate") | .records_per_s' "$json")
bench_figure "rules engine, cold (1 M records)" "$(bench_median "${cold[@]}")" records/s \
  "warm" "$warm" ">=5000000"
bench_figure "rules engine, warm (1 M records)" "$warm" records/s "-" "-" "-"
