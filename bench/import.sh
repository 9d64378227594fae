#!/usr/bin/env bash
# Roster import and member export, each beside its baseline measured in the same run:
#   1. a 1 000 000-row roster (bench/make_roster.py: Chinese names, valid IDs, 1 % bad rows of
#      every kind) imported into a fresh SQLite federation: rows/s and peak memory, beside the
#      ceiling (SQLite alone copying the imported rows into an empty member table with its
#      indexes) and the same rows loaded by sqlite3's .import into a bare table with one unique
#      index, in file order and sorted by ID number;
#   2. with NJ_BENCH_PG_URL set, the same roster into PostgreSQL beside psql \copy into a bare
#      table with a unique index;
#   3. the export of all imported members to .csv.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/build/niangjia
rows=${NJ_BENCH_ROWS:-1000000}
work=${NJ_BENCH_DIR:-/tmp/niangjia-bench}
mkdir -p "$work"
roster=$work/roster-$rows.csv
[ -f "$roster" ] || /usr/bin/python3 bench/make_roster.py "$roster" "$rows" --start 3000000
echo "== roster import: $rows rows ($(du -h "$roster" | cut -f1)), 1 % bad"

seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }
rate() { echo "scale=0; $1 / $2" | bc; }

db=$work/import.db
rm -f "$db"*
"$bin" --db "sqlite:$db" --key-file "$work/import.key" --log-level warn demo --members 0 --password x-bench-pass >/dev/null
/usr/bin/time -f "%e %M" -o "$work/import.time" \
  "$bin" --db "sqlite:$db" --key-file "$work/import.key" --log-level warn import members "$roster" --org 1 --as city_admin \
  --report "$work/import.report.csv" >"$work/import.out" || true
read -r elapsed peak < <(tail -1 "$work/import.time")
cat "$work/import.out"
printf '%-44s %8.0f rows/s   peak %d MiB\n' "niangjia import (SQLite)" "$(rate "$rows" "$elapsed")" $((peak / 1024))

# The ceiling SQLite itself sets for this registry: the rows just imported (already checked,
# sealed and keyed) copied by one INSERT … SELECT into the empty member table of a fresh
# federation, with its indexes — no parsing, no checks, no cryptography. The import cannot be
# faster than this.
ceiling=$work/ceiling.db
rm -f "$ceiling"*
"$bin" --db "sqlite:$ceiling" --key-file "$work/import.key" --log-level warn demo --members 0 --password x-bench-pass >/dev/null
sqlite3 "$ceiling" "ATTACH '$db' AS src; CREATE TABLE staging AS SELECT * FROM src.member;"
stored=$(sqlite3 "$ceiling" "SELECT COUNT(*) FROM staging")
t=$(seconds sqlite3 "$ceiling" "PRAGMA cache_size = -524288; INSERT INTO member SELECT * FROM staging;")
printf '%-44s %8.0f rows/s   (%d rows copied in %.1f s)\n' "ceiling: SQLite copying them into member" "$(rate "$stored" "$t")" "$stored" "$t"
rm -f "$ceiling"*

bare=$work/bare.db
load_bare() {
  rm -f "$bare"
  sqlite3 "$bare" "CREATE TABLE t (name, id_number, phone, employer, category, join_date);
                   CREATE UNIQUE INDEX t_id ON t(id_number);" 
  sqlite3 "$bare" ".mode csv" ".import --skip 1 $1 t" 2>/dev/null
}
t=$(seconds load_bare "$roster")
printf '%-44s %8.0f rows/s\n' "baseline: sqlite3 .import, unique index" "$(rate "$rows" "$t")"
sorted=$work/roster-sorted.csv
[ -f "$sorted" ] || { head -1 "$roster"; tail -n +2 "$roster" | sort -t, -k2,2; } >"$sorted"
t=$(seconds load_bare "$sorted")
printf '%-44s %8.0f rows/s\n' "baseline: the same, sorted by ID number" "$(rate "$rows" "$t")"
echo "import / baseline (file order): $(echo "scale=2; $(rate "$rows" "$elapsed") / $(rate "$rows" "$(seconds load_bare "$roster")")" | bc)"

if [ -n "${NJ_BENCH_PG_URL:-}" ]; then
  export PGOPTIONS="-c client_min_messages=warning"
  psql -q "$NJ_BENCH_PG_URL" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null
  "$bin" --db "$NJ_BENCH_PG_URL" --key-file "$work/import.key" --log-level warn demo --members 0 --password x-bench-pass >/dev/null
  start=$(date +%s.%N)
  "$bin" --db "$NJ_BENCH_PG_URL" --key-file "$work/import.key" --log-level warn import members "$roster" --org 1 --as city_admin \
    --report "$work/import-pg.report.csv" >/dev/null || true
  pg=$(echo "$(date +%s.%N) - $start" | bc)
  printf '%-44s %8.0f rows/s\n' "niangjia import (PostgreSQL, COPY)" "$(rate "$rows" "$pg")"
  psql -q "$NJ_BENCH_PG_URL" -c "DROP TABLE IF EXISTS bare; CREATE TABLE bare (name text, id_number text, phone text, employer text, category text, join_date text); CREATE UNIQUE INDEX ON bare(id_number);"
  start=$(date +%s.%N)
  tail -n +2 "$sorted" | sort -u -t, -k2,2 | psql -q "$NJ_BENCH_PG_URL" -c "\\copy bare FROM STDIN WITH (FORMAT csv)"
  printf '%-44s %8.0f rows/s\n' "baseline: psql \\copy, unique index" "$(rate "$rows" "$(echo "$(date +%s.%N) - $start" | bc)")"
else
  echo "PostgreSQL import: skipped (set NJ_BENCH_PG_URL=postgresql://… to measure it)"
fi

echo "== member export to .csv"
start=$(date +%s.%N)
"$bin" --db "sqlite:$db" --key-file "$work/import.key" --log-level warn export members --org 1 --out "$work/export.csv" >/dev/null
t=$(echo "$(date +%s.%N) - $start" | bc)
n=$(($(wc -l <"$work/export.csv") - 1))
printf '%-44s %8.1f s for %d members (%.0f rows/s)\n' "niangjia export members --out .csv" "$t" "$n" "$(rate "$n" "$t")"
