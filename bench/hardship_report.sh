#!/usr/bin/env bash
# The hardship-aid report over a city on SQLite: a Jinhua-sized demo (NJ_BENCH_MEMBERS, default
# 1 500 000 members) given NJ_BENCH_GRANTS (default 200 000) grants disbursed this year across
# the six categories, a Spring-warmth campaign of NJ_BENCH_LINES (default 100 000) lines paid,
# and NJ_BENCH_ARCHIVES (default 30 000) active archives; then GET /api/v1/hardship/reports for
# the whole city and for one county, and the report's .xlsx export, each the median of 5 runs.
# The baseline in the same run: GET /api/v1/hardship/categories (a signed-in request reading a
# six-row table), i.e. what any request costs here.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=${NJ_BIN:-$PWD/build/niangjia}
members=${NJ_BENCH_MEMBERS:-1500000}
grants=${NJ_BENCH_GRANTS:-200000}
lines=${NJ_BENCH_LINES:-100000}
archives=${NJ_BENCH_ARCHIVES:-30000}
work=${NJ_BENCH_DIR:-/tmp/niangjia-bench}
mkdir -p "$work"
seed=$work/hardship-$members.db
key=$work/hardship.key
password=bench-password-1
if [ ! -f "$seed" ]; then
  echo "== demo: $members members (made once, kept as $seed)"
  "$bin" --db "sqlite:$seed" --key-file "$key" --log-level warn demo --members "$members" \
    --password "$password" >/dev/null
fi
db=$work/hardship-run.db
rm -f "$db"*
cp "$seed" "$db"
year=$(TZ=Asia/Shanghai date +%Y)
day_of_year=$(TZ=Asia/Shanghai date +%j | sed 's/^0*//')

echo "== data: $grants grants, $lines campaign lines, $archives archives (one SQL statement each)"
start=$(date +%s.%N)
sqlite3 "$db" <<SQL
PRAGMA cache_size = -1048576;
BEGIN;
-- Active archives of members without one, spread over levels and causes.
INSERT INTO hardship_archive (member_id, org_id, org_path, county_id, division_code, tier, state,
  causes, household, household_size, annual_income_fen, standard_year, standard_fen,
  relative_pct, level, notice_start, notice_end, activated_on, review_due, created_at,
  updated_at)
SELECT m.id, m.org_id, o.path, 2, o.division_code, 'county', 'active',
  CASE m.id % 7 WHEN 0 THEN 'illness' WHEN 1 THEN 'disability' WHEN 2 THEN 'unemployment'
    WHEN 3 THEN 'single_parent' WHEN 4 THEN 'schooling,illness' WHEN 5 THEN 'accident'
    ELSE 'disaster' END,
  '[]', 3, 3000000, $year, 113000, 200,
  CASE m.id % 3 WHEN 0 THEN 'deep' WHEN 1 THEN 'relative' ELSE 'accidental' END,
  '$year-01-01', '$year-01-07', '$year-01-08', '$((year + 1))-01-08', 0, 0
FROM member m JOIN org o ON o.id = m.org_id
WHERE m.status = 'active' AND m.id % 41 = 5
  AND NOT EXISTS (SELECT 1 FROM hardship_archive a WHERE a.member_id = m.id)
LIMIT $archives;
-- Grants disbursed this year (to the card or in kind), categories in the seeds' proportions.
INSERT INTO hardship_grant (member_id, archive_id, org_id, org_path, county_id, tier, level,
  standard_fen, category, year, amount_fen, reason, state, method, disbursed_on, created_at,
  updated_at)
SELECT m.id, NULL, m.org_id, o.path, 2, 'county', 'deep', 113000,
  CASE m.id % 10 WHEN 0 THEN 'schooling' WHEN 1 THEN 'schooling' WHEN 2 THEN 'medical'
    WHEN 3 THEN 'legal' WHEN 4 THEN 'training' WHEN 5 THEN 'temporary' ELSE 'living' END,
  $year, 20000 + (m.id * 7919) % 500000, 'bench', CASE m.id % 4 WHEN 0 THEN 'given' ELSE 'paying' END,
  CASE m.id % 4 WHEN 0 THEN 'in_kind' ELSE 'card' END,
  date('$year-01-01', '+' || ((m.id * 31) % $day_of_year) || ' days'), 0, 0
FROM member m JOIN org o ON o.id = m.org_id WHERE m.id % 7 = 1 LIMIT $grants;
-- A city's Spring warmth, paid.
INSERT INTO hardship_campaign (id, kind, name, year, org_id, org_path, budget_fen, method, state,
  created_at, updated_at) VALUES (900001, 'spring_warmth', '$year年春节送温暖', $year, 1, '/1/',
  100000000000, 'card', 'closed', 0, 0);
INSERT INTO hardship_campaign_target (campaign_id, member_id, org_id, org_path, basis, amount_fen,
  state, disbursed_on)
SELECT 900001, m.id, m.org_id, o.path, 'deep', 50000, 'paying', '$year-01-20'
FROM member m JOIN org o ON o.id = m.org_id WHERE m.id % 13 = 2 LIMIT $lines;
COMMIT;
ANALYZE;
SQL
printf '  %-34s %6.2f s\n' "data written (not timed below)" "$(echo "$(date +%s.%N) - $start" | bc)"

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" --db "sqlite:$db" --key-file "$key" --files-dir "$work/hardship-files" --log-level warn \
  serve --port "$port" --static-dir "" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
login=$(node -e '
  fetch(process.argv[1] + "/api/v1/auth/login", {method: "POST", headers: {"content-type": "application/json"},
        body: JSON.stringify({username: "city_admin", password: process.argv[2]})})
    .then(async r => { if (!r.ok) throw new Error("login " + r.status); const b = await r.json();
                       console.log(r.headers.get("set-cookie").split(";")[0] + " " + b.csrf_token); })
    .catch(e => { console.error(e.message); process.exit(1); })' "$base" "$password")
cookie=${login% *}
csrf=${login#* }

# median NAME URL: five timed GETs after one warm-up; the median in ms (in $ms) beside the
# baseline's (the categories request, measured first), through bench_figure.
median() {
  local name=$1 url=$2 times=()
  curl -sf -o /dev/null -H "Cookie: $cookie" "$url"
  for _ in 1 2 3 4 5; do
    times+=("$(curl -sf -o "$work/hardship.out" -w '%{time_total}' -H "Cookie: $cookie" "$url")")
  done
  ms=$(echo "$(bench_median "${times[@]}") * 1000" | bc)
  [ -z "${baseline_ms:-}" ] ||
    bench_figure "hardship $name (SQLite)" "$ms" ms "categories request" "$baseline_ms" "-"
}

bench_header "hardship report over loopback, median of 5"
baseline_ms=""
median "categories" "$base/api/v1/hardship/categories"
baseline_ms=$ms
printf 'categories request (the baseline): %.1f ms\n' "$baseline_ms"
median "report: the city, this year" "$base/api/v1/hardship/reports?org_id=1"
median "report: one county, this year" "$base/api/v1/hardship/reports?org_id=2"
median "report: the city, one month" "$base/api/v1/hardship/reports?org_id=1&from=$year-01-01&to=$year-01-31"
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log("  " + r.text.slice(0, 200) + "…")' "$work/hardship.out"

echo "== the report's .xlsx export (a job), median of 5"
times=()
for _ in 1 2 3 4 5; do
  times+=("$(node -e '
    const [base, cookie, csrf] = process.argv.slice(1);
    const h = {cookie, "x-csrf-token": csrf, "content-type": "application/json"};
    (async () => {
      const t0 = performance.now();
      const s = await (await fetch(base + "/api/v1/exports", {method: "POST", headers: h,
        body: JSON.stringify({list: "hardship_report", filters: {org_id: "1"}})})).json();
      for (;;) {
        const j = await (await fetch(base + "/api/v1/jobs/" + s.id, {headers: h})).json();
        if (j.state === "done") break;
        if (j.state !== "running") throw new Error(JSON.stringify(j));
        await new Promise(r => setTimeout(r, 5));
      }
      console.log(((performance.now() - t0) / 1000).toFixed(4));
    })().catch(e => { console.error(e.message); process.exit(1); });' "$base" "$cookie" "$csrf")")
done
bench_figure "hardship report .xlsx export, city (SQLite)" "$(echo "$(bench_median "${times[@]}") * 1000" | bc)" ms \
  "categories request" "$baseline_ms" "-"
