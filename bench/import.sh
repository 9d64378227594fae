#!/usr/bin/env bash
# Roster import and member export, each beside its ceiling measured in the same run:
#   1. a roster of NJ_BENCH_ROWS rows (1 000 000; bench/make_roster.py: Chinese names, valid IDs,
#      1 % bad rows of every kind) imported into a fresh SQLite federation, beside the ceiling
#      SQLite itself sets: the rows just imported (checked, sealed, keyed) copied by one
#      INSERT … SELECT into the empty member table of a fresh federation, with its indexes;
#   2. the same roster into PostgreSQL (a throwaway cluster, bench_pg_start, or NJ_BENCH_PG_URL),
#      beside its ceiling: the imported rows exported with COPY … TO and loaded by COPY … FROM
#      into the empty member table of a fresh federation, with its indexes;
#   3. for context: sqlite3's .import and psql's \copy of the raw file into a bare table with one
#      unique index, and the export of all imported members to .csv.
# The import cannot be faster than its ceiling: it writes the same rows into the same table and
# indexes, and parses, checks, seals and keys them besides (target: ≥ 80 % of the ceiling).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=$PWD/build/niangjia
rows=${NJ_BENCH_ROWS:-1000000}
work=$NJ_BENCH_DIR
roster=$work/roster-$rows.csv
key=$work/import.key
[ -f "$roster" ] || /usr/bin/python3 bench/make_roster.py "$roster" "$rows" --start 3000000
bench_header "roster import: $rows rows ($(du -h "$roster" | cut -f1)), 1 % bad"

seconds() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; echo "$(date +%s.%N) - $s" | bc; }
rate() { echo "scale=1; $1 / $2" | bc; }
fresh() { "$bin" --db "$1" --key-file "$key" --log-level warn demo --members 0 --password x-bench-pass >/dev/null; }
# import DB: the roster into DB; its seconds and peak memory (KiB) in $work/import.time.
import() {
  /usr/bin/time -f "%e %M" -o "$work/import.time" \
    "$bin" --db "$1" --key-file "$key" --log-level warn import members "$roster" --org 1 --as city_admin \
    --report "$work/import.report.csv" >"$work/import.out" || true
  sed 's/^/  /' "$work/import.out"
}

# SQLite: the import, then its ceiling.
db=$work/import.db
rm -f "$db"*
fresh "sqlite:$db"
import "sqlite:$db"
read -r elapsed peak < <(tail -1 "$work/import.time")
ceiling=$work/ceiling.db
rm -f "$ceiling"*
fresh "sqlite:$ceiling"
sqlite3 "$ceiling" "ATTACH '$db' AS src; CREATE TABLE staging AS SELECT * FROM src.member;"
stored=$(sqlite3 "$ceiling" "SELECT COUNT(*) FROM staging")
# With the settings of the registry's own connection: foreign keys checked, the bulk page cache.
t=$(seconds sqlite3 "$ceiling" "PRAGMA foreign_keys = ON; PRAGMA cache_size = -524288; INSERT INTO member SELECT * FROM staging;")
rm -f "$ceiling"*
echo "  peak memory of the import: $((peak / 1024)) MiB; $stored members stored"
# Both figures are rows of the file per second (the ceiling: its time for the stored rows).
bench_figure "roster import (SQLite)" "$(rate "$rows" "$elapsed")" rows/s "SQLite copying them into member" \
  "$(rate "$rows" "$t")" "ratio>=0.80"

bare=$work/bare.db
load_bare() {
  rm -f "$bare"
  sqlite3 "$bare" "CREATE TABLE t (name, id_number, phone, employer, category, join_date);
                   CREATE UNIQUE INDEX t_id ON t(id_number);"
  sqlite3 "$bare" ".mode csv" ".import --skip 1 $1 t" 2>/dev/null
}
t=$(seconds load_bare "$roster")
rm -f "$bare"
bench_figure "sqlite3 .import, bare table, unique index" "$(rate "$rows" "$t")" rows/s - - -

# PostgreSQL: the import, then its ceiling (COPY of the same stored rows into member).
bench_pg_start
pg=$NJ_BENCH_PG_URL
export PGOPTIONS="-c client_min_messages=warning"
reset_pg() { psql -q "$pg" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" >/dev/null; fresh "$pg"; }
reset_pg
import "$pg"
read -r t _ < <(tail -1 "$work/import.time")
dump=$work/member-pg.copy
psql -q "$pg" -c "\\copy member TO '$dump'"
reset_pg
psql -q "$pg" -c "CHECKPOINT" >/dev/null
c=$(seconds psql -q "$pg" -v ON_ERROR_STOP=1 -c "\\copy member FROM '$dump'")
echo "  $(wc -l <"$dump") members copied back"
rm -f "$dump"
bench_figure "roster import (PostgreSQL)" "$(rate "$rows" "$t")" rows/s "COPY of them into member" \
  "$(rate "$rows" "$c")" "ratio>=0.80"
psql -q "$pg" -c "CREATE TABLE bare (name text, id_number text, phone text, employer text, category text, join_date text); CREATE UNIQUE INDEX ON bare(id_number);"
tail -n +2 "$roster" | sort -u -t, -k2,2 >"$work/roster-unique.csv"
t=$(seconds psql -q "$pg" -c "\\copy bare FROM '$work/roster-unique.csv' WITH (FORMAT csv)")
rm -f "$work/roster-unique.csv"
bench_figure "psql \\copy, bare table, unique index" "$(rate "$rows" "$t")" rows/s - - -

bench_header "member export to .csv"
t=$(seconds "$bin" --db "sqlite:$db" --key-file "$key" --log-level warn export members --org 1 --out "$work/export.csv")
n=$(($(wc -l <"$work/export.csv") - 1))
rm -f "$work/export.csv"
bench_figure "member export to .csv (SQLite)" "$(rate "$n" "$t")" rows/s - - -
