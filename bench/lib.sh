# Sourced by every bench script: the one way a workload reports its figure.
#
#   bench_figure WORKLOAD FIGURE UNIT BASELINE_NAME BASELINE TARGET
#
# prints one line — the figure, its baseline measured in the same run, their ratio
# (figure ÷ baseline), the target and whether it is met — and appends the same as a row of
# $NJ_BENCH_RESULTS (tab-separated; bench/summary.sh turns the rows into the summary table
# and bench/results.md). FIGURE and BASELINE are plain numbers in UNIT ("req/s", "rows/s",
# "s", "ms", "records/s"); BASELINE is "-" when the figure stands alone. TARGET is one of
#   ratio>=X  ratio<=X   on the ratio (list page ≥ 0.40 of /healthz; ingest ≤ 1.2× its ceiling)
#   >=X  <=X  <X  >X      on the figure itself (≥ 5 000 000 records/s; < 15 s; p99 < 5 ms)
#   -                     no target: a figure shown for context
# A workload named "… (PostgreSQL)" or "… (SQLite)" says its database in its name.
#
#   bench_header TITLE   a section's heading, with the machine's cores and the build type
#   bench_median N…      the median of its arguments (odd or even count: the lower middle)
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${NJ_BENCH_DIR:=/tmp/niangjia-bench}"
: "${NJ_BENCH_RESULTS:=$NJ_BENCH_DIR/results.tsv}"
mkdir -p "$NJ_BENCH_DIR"
export NJ_BENCH_DIR NJ_BENCH_RESULTS

bench_build_type() {
  sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$bench_root/build/CMakeCache.txt" 2>/dev/null || echo unknown
}

bench_header() {
  echo "== $1   ($(nproc) cores, $(bench_build_type) build)"
}

bench_median() {
  printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"
}

bench_figure() {
  local name=$1 figure=$2 unit=$3 base_name=$4 base=$5 target=$6
  awk -v name="$name" -v fig="$figure" -v unit="$unit" -v bname="$base_name" -v base="$base" \
      -v target="$target" -v out="$NJ_BENCH_RESULTS" '
    function num(x) { return sprintf(x >= 1000 ? "%.0f" : (x >= 10 ? "%.1f" : "%.3g"), x) }
    BEGIN {
      ratio = (base != "-" && base + 0 != 0) ? fig / base : "";
      met = "-";
      if (target != "-" && target != "") {
        on = fig; t = target;
        if (t ~ /^ratio/) { on = ratio; sub(/^ratio/, "", t) }
        op = t; sub(/[0-9.]+$/, "", op); x = substr(t, length(op) + 1) + 0;
        if (on == "") met = "no baseline";
        else if (op == ">=") met = (on >= x) ? "met" : "NOT met";
        else if (op == "<=") met = (on <= x) ? "met" : "NOT met";
        else if (op == "<")  met = (on <  x) ? "met" : "NOT met";
        else if (op == ">")  met = (on >  x) ? "met" : "NOT met";
        else met = "bad target " target;
      }
      line = sprintf("%-58s %10s %-9s", name, num(fig), unit);
      if (ratio != "") line = line sprintf(" | %s %s %s | ratio %.2f", bname, num(base), unit, ratio);
      if (met != "-") line = line sprintf(" | target %s: %s", target, met);
      print line;
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, num(fig), unit, bname, \
        (base == "-" ? "-" : num(base)), (ratio == "" ? "-" : sprintf("%.2f", ratio)), \
        (target == "" ? "-" : target), met >> out;
    }'
}

# bench_pg_start: a throwaway PostgreSQL 15 cluster for this run (as scripts/test.sh starts one
# for the tests), in $NJ_BENCH_DIR/pg-$$, listening on 127.0.0.1 on a free port, stopped and
# removed when the script exits; exports NJ_BENCH_PG_URL. A server the caller names in
# NJ_BENCH_PG_URL is used instead (and left alone). Settings are a modest production server's:
# fsync on, 1 GiB of shared buffers. It sets the EXIT trap; a script with a trap of its own
# calls bench_pg_stop in it.
bench_pg_start() {
  if [ -n "${NJ_BENCH_PG_URL:-}" ]; then return 0; fi
  local pg_bin=/usr/lib/postgresql/15/bin port
  bench_pg_data=$NJ_BENCH_DIR/pg-$$
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  rm -rf "$bench_pg_data" && mkdir -p "$bench_pg_data" && chown postgres "$bench_pg_data"
  su postgres -s /bin/sh -c "$pg_bin/initdb -D '$bench_pg_data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D '$bench_pg_data' -l '$bench_pg_data/log' -w -o \"-p $port -k '$bench_pg_data' -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=4GB\" start" >/dev/null
  NJ_BENCH_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  export NJ_BENCH_PG_URL
  trap 'bench_pg_stop' EXIT
}

bench_pg_stop() {
  [ -n "${bench_pg_data:-}" ] || return 0
  su postgres -s /bin/sh -c "/usr/lib/postgresql/15/bin/pg_ctl -D '$bench_pg_data' -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$bench_pg_data"
  bench_pg_data=""
}
