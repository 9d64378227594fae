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
      line = sprintf("%-44s %10s %-9s", name, num(fig), unit);
      if (ratio != "") line = line sprintf(" | %s %s %s | ratio %.2f", bname, num(base), unit, ratio);
      if (met != "-") line = line sprintf(" | target %s: %s", target, met);
      print line;
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, num(fig), unit, bname, \
        (base == "-" ? "-" : num(base)), (ratio == "" ? "-" : sprintf("%.2f", ratio)), \
        (target == "" ? "-" : target), met >> out;
    }'
}
