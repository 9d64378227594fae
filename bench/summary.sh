#!/usr/bin/env bash
# The summary table of a `make bench` run: every figure bench_figure (bench/lib.sh) recorded in
# $NJ_BENCH_RESULTS, one row each — workload, figure, baseline, ratio, target, met? — printed
# and written to bench/results.md (committed with each change that moves a figure; the README
# links to it). `bash bench/summary.sh` alone re-renders the last run's rows.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out=$bench_root/bench/results.md
[ -s "$NJ_BENCH_RESULTS" ] || { echo "no figures in $NJ_BENCH_RESULTS: run make bench" >&2; exit 1; }
{
  echo "# Benchmark results"
  echo
  echo "Written by \`make bench\` (bench/summary.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), commit" \
    "$(git -C "$bench_root" rev-parse --short HEAD 2>/dev/null || echo '?'):" \
    "$(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/Mem:/{print $2}') GiB," \
    "$(bench_build_type) build. Each figure is beside its baseline measured in the same run;" \
    "the ratio is figure ÷ baseline. The machine is shared and noisy: figures are medians."
  echo
  echo "| workload | figure | baseline | ratio | target | met? |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{
      base = ($5 == "-") ? "—" : $5 " " $3 " (" $4 ")";
      ratio = ($6 == "-") ? "—" : $6;
      target = ($7 == "-") ? "—" : $7;
      met = ($8 == "-") ? "—" : ($8 == "met" ? "yes" : "**" $8 "**");
      printf "| %s | %s %s | %s | %s | %s | %s |\n", $1, $2, $3, base, ratio, target, met
    }' "$NJ_BENCH_RESULTS"
} >"$out"
echo "== summary (also in bench/results.md)"
tail -n +5 "$out"
