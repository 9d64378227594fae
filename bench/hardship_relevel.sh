#!/usr/bin/env bash
# Re-levelling hardship archives after a county's standard changes (issue 7): NJ_BENCH_ARCHIVES
# (default 200 000) active archives of 婺城区 on SQLite, the standard raised from 1 000 to 1 200
# yuan with `niangjia hardship standard` — every archive re-assessed, its standard recorded, the
# changes of level listed for confirmation, audited, in one transaction. Median of three runs on
# a fresh copy each, beside the baseline measured in the same run: one bare SQL UPDATE writing
# the new standard into the same rows (the least any re-levelling must do).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=$PWD/build/niangjia
n=${NJ_BENCH_ARCHIVES:-200000}
work=${NJ_BENCH_DIR:-/tmp/niangjia-bench}
mkdir -p "$work"
seed=$work/hardship-$n.db
key=$work/hardship.key
year=$(date +%Y)
if [ ! -f "$seed" ]; then
  echo "== a federation of $((n + n / 10)) members with $n active archives in 婺城区 (made once, kept)"
  "$bin" --db "sqlite:$seed" --key-file "$key" --log-level warn demo --members $((n + n / 10)) \
    --archives 0 --aid-claims 0 --payouts 0 --password x-bench-pass >/dev/null
  # Two-person households, income per head spread evenly from 400 to 4 400 yuan a month (by the
  # member's id: SQLite would draw random() anew for each use of it); the level as the rules
  # give it under the standard of 1 000 yuan.
  sqlite3 "$seed" "
    INSERT INTO hardship_archive (member_id, org_id, org_path, county_id, division_code, tier,
      state, source, causes, household, income_sources, household_size, annual_income_fen,
      medical_spending_fen, school_spending_fen, accident, standard_year, standard_fen,
      relative_pct, level, activated_on, review_due, created_at, updated_at)
    SELECT m.id, m.org_id, o.path, 2, '330702', 'county', 'active', 'clerk', 'illness',
      '[{\"name\":\"本人\",\"relation\":\"self\",\"age\":45,\"health\":\"chronic\",\"schooling\":\"none\",\"annual_income_fen\":0}]',
      '[]', 2, x.annual, 0, 0, '', $year, 100000, 200,
      CASE WHEN x.annual <= 2400000 THEN 'deep' WHEN x.annual <= 4800000 THEN 'relative' ELSE 'none' END,
      '$year-01-01', '$((year + 1))-01-01', 0, 0
    FROM member m JOIN org o ON o.id = m.org_id
    JOIN (SELECT id, (40000 + (id * 7919) % 400000) * 24 AS annual FROM member) x ON x.id = m.id
    WHERE m.status = 'active' LIMIT $n;
    ANALYZE;"
fi
bench_header "re-levelling $(sqlite3 "$seed" "SELECT COUNT(*) FROM hardship_archive") archives after a change of standard (median of 3)"
runs=()
bases=()
for i in 1 2 3; do
  cp "$seed" "$work/relevel.db"
  sync
  start=$(date +%s.%N)
  out=$("$bin" --db "sqlite:$work/relevel.db" --key-file "$key" --log-level warn hardship standard \
    330702 --year "$year" --monthly-fen 120000 --as wucheng_admin)
  runs+=("$(echo "$(date +%s.%N) - $start" | bc)")
  echo "  run $i: ${runs[-1]} s — $out"
  cp "$seed" "$work/relevel.db"
  sync
  start=$(date +%s.%N)
  sqlite3 "$work/relevel.db" "UPDATE hardship_archive SET standard_fen = 120000 WHERE division_code = '330702'"
  bases+=("$(echo "$(date +%s.%N) - $start" | bc)")
done
rm -f "$work/relevel.db"*
bench_figure "re-levelling $n hardship archives (SQLite)" "$(bench_median "${runs[@]}")" s \
  "one bare SQL UPDATE of the rows" "$(bench_median "${bases[@]}")" "-"
