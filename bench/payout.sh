#!/usr/bin/env bash
# One-card payouts end to end on SQLite: NJ_BENCH_PAYOUTS (default 1 000 000) pending items of a
# city are gathered into a batch, approved by a second user, exported as the bank file, and
# reconciled with a result file in which 1 % of the payments failed. Prints each stage's time
# and peak memory, the total (target: under 15 s), and `ledger verify` after it. The baseline in
# the same run: copying the database file, i.e. what reading and writing it once costs here.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/build/niangjia
n=${NJ_BENCH_PAYOUTS:-1000000}
work=${NJ_BENCH_DIR:-/tmp/niangjia-bench}
mkdir -p "$work"
seed_db=$work/payout-$n.db
key=$work/payout.key
if [ ! -f "$seed_db" ]; then
  echo "== demo: $n active members with a bank account and a pending payout each (made once, kept)"
  rm -f "$seed_db"*
  # About 4 % of demo members are not active: a few more members give n payable ones.
  "$bin" --db "sqlite:$seed_db" --key-file "$key" --log-level warn demo --members $((n * 105 / 100)) --payouts "$n" --aid-claims 0 --archives 0 \
    --password x-bench-pass >/dev/null
  "$bin" --db "sqlite:$seed_db" --key-file "$key" --log-level warn user add --username city_checker \
    --org-id 1 --role federation_admin --password x-bench-pass >/dev/null
fi
db=$work/payout-run.db
run=("$bin" --db "sqlite:$db" --key-file "$key" --log-level warn payout batch)
stage() {  # stage NAME COMMAND…: runs it, prints its time and peak memory, adds to $total
  local name=$1; shift
  local s; s=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/payout.time" "$@" >"$work/payout.out"
  local t; t=$(echo "$(date +%s.%N) - $s" | bc)
  total=$(echo "$total + $t" | bc)
  printf '  %-26s %6.2f s   peak %4d MiB\n' "$name" "$t" $(($(tail -1 "$work/payout.time") / 1024))
}
runs=${NJ_BENCH_RUNS:-3}
echo "== payout of $n items, $runs runs ($(nproc) cores; the machine is shared: the median counts)"
totals=()
for r in $(seq 1 "$runs"); do
  rm -f "$db"*
  start=$(date +%s.%N)
  cp "$seed_db" "$db"
  copy=$(echo "$(date +%s.%N) - $start" | bc)
  # The copy's gigabyte is written back before the stages start, not during the first one.
  sync
  total=0
  echo "run $r:"
  stage "create batch" "${run[@]}" create --as city_admin --fund mutual_aid --org 1
  batch=$(grep -o 'batch #[0-9]*' "$work/payout.out" | head -1 | tr -dc 0-9)
  stage "approve (second user)" "${run[@]}" approve "$batch" --as city_checker
  stage "export bank file" "${run[@]}" export "$batch" --as city_admin --out "$work/payout-bank.csv"
  # The bank's answer: every hundredth payment failed (not timed: the bank makes this file).
  awk -F, 'BEGIN { OFS = "," } /^D,/ { n++; t += $7; f = (n % 100 == 0);
             print "R", $3, $4, $7, (f ? "F" : "S"), (f ? "账户已销户" : "") }
           END { printf "T,%d,%.0f\n", n, t }' "$work/payout-bank.csv" | sed 's/$/\r/' >"$work/payout-result.csv"
  stage "reconcile (1 % failed)" "${run[@]}" reconcile "$batch" "$work/payout-result.csv" --as city_admin
  printf '  %-26s %6.2f s   (baseline: cp of the %s database %.2f s)\n' "end to end" "$total" \
    "$(du -h "$db" | cut -f1)" "$copy"
  totals+=("$total")
done
median=$(printf '%s\n' "${totals[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
printf '%-28s %6.2f s   (target < 15 s; runs: %s)\n' "payout end to end, median" "$median" "${totals[*]}"
"$bin" --db "sqlite:$db" --key-file "$key" --log-level warn ledger verify | tail -1
