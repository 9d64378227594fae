#!/usr/bin/env bash
# One-card payouts end to end on SQLite: NJ_BENCH_PAYOUTS (default 1 000 000) pending items of a
# city are gathered into a batch, approved by a second user, exported as the bank file, and
# reconciled with a result file in which 1 % of the payments failed. Prints each stage's time
# and peak memory, the median total (target: under 15 s), and `ledger verify` after it.
# The baseline in the same run: SQLite alone writing the rows the payout writes — the batch,
# its items bound to it (create), then paid or failed, their ledger entries, failures and the
# members' messages (reconcile), in two transactions, copied by INSERT/UPDATE … SELECT from the
# last run's database into a fresh copy of the seed, with the same indexes and foreign keys.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
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
# Migrations added since the seed was made are applied to it once, not in every timed run.
"$bin" --db "sqlite:$seed_db" --key-file "$key" --log-level warn migrate >/dev/null
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
bench_header "payout of $n items end to end (SQLite), $runs runs (the median counts)"
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
  printf '  %-26s %6.2f s   (copying the %s database: %.2f s)\n' "end to end" "$total" \
    "$(du -h "$db" | cut -f1)" "$copy"
  totals+=("$total")
done
"$bin" --db "sqlite:$db" --key-file "$key" --log-level warn ledger verify | tail -1

# The ceiling: the same rows written by SQLite alone (see the header), timed like a stage.
ceiling=$work/payout-ceiling.db
rm -f "$ceiling" "$ceiling-wal" "$ceiling-shm"
cp "$seed_db" "$ceiling"
sync
s=$(date +%s.%N)
sqlite3 -bail "$ceiling" >/dev/null <<EOF
PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -524288;
ATTACH '$db' AS run;
BEGIN;
INSERT INTO application SELECT * FROM run.application
  WHERE id = (SELECT application_id FROM run.payout_batch WHERE id = $batch);
INSERT INTO payout_batch SELECT * FROM run.payout_batch WHERE id = $batch;
UPDATE payout_item SET state = 'batched', batch_id = $batch, account_id = r.account_id
  FROM run.payout_item r WHERE r.id = payout_item.id AND r.batch_id = $batch;
UPDATE payout_item SET state = 'batched', batch_id = $batch, account_id = f.account_id
  FROM run.payout_failure f WHERE f.item_id = payout_item.id AND f.batch_id = $batch;
COMMIT;
BEGIN;
UPDATE payout_item SET state = r.state, batch_id = r.batch_id, account_id = r.account_id,
  paid_at = r.paid_at, last_failure = r.last_failure
  FROM run.payout_item r WHERE r.id = payout_item.id AND payout_item.batch_id = $batch;
INSERT INTO payout_failure SELECT * FROM run.payout_failure WHERE batch_id = $batch;
INSERT INTO ledger_entry SELECT * FROM run.ledger_entry WHERE batch_id = $batch AND kind = 'paid';
INSERT INTO message SELECT * FROM run.message WHERE id > (SELECT MAX(id) FROM main.message);
COMMIT;
EOF
ceiling_s=$(echo "$(date +%s.%N) - $s" | bc)
rm -f "$ceiling" "$ceiling-wal" "$ceiling-shm"
echo "runs: ${totals[*]} s; SQLite alone writing the same rows: $ceiling_s s"
bench_figure "payout of $((n / 1000000)) M items end to end (SQLite)" "$(bench_median "${totals[@]}")" s \
  "SQLite alone writing the same rows" "$ceiling_s" "<15"
