// The timings of bench/search.sh (see there). Needs a member's clear ID number and phone: it
// registers one known person in the chosen county first (through the API, as a clerk would).
import { execFileSync } from 'node:child_process';

// bench/lib.sh's bench_figure (the one way a figure is reported): prints its line and appends
// its row to $NJ_BENCH_RESULTS, which the calling script exported.
const benchFigure = (...args) => execFileSync('bash', ['-c', 'source bench/lib.sh; bench_figure "$@"', 'bench_figure',
  ...args.map(String)], { stdio: 'inherit' });

const base = process.env.NJ_BASE;
const wanted = Number(process.env.NJ_SUBTREE);
let cookie = '';
let csrf = '';

async function call(method, path, body) {
  const headers = { cookie };
  if (body) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  const r = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const json = await r.json();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return { json, headers: r.headers };
}

async function median(path) {
  await call('GET', path);
  const times = [];
  let last;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    last = (await call('GET', path)).json;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[2], answer: last };
}

const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'city_admin', password: process.env.NJ_PASSWORD }),
});
cookie = login.headers.get('set-cookie').split(';')[0];
const me = await login.json();
csrf = me.csrf_token;

const counties = (await call('GET', `/api/v1/orgs?parent_id=${me.org_id}&limit=200`)).json.items;
let county = null;
for (const o of counties) {
  const stats = (await call('GET', `/api/v1/orgs/${o.id}/stats`)).json;
  if (!county || Math.abs(stats.members - wanted) < Math.abs(county.members - wanted)) county = { ...o, members: stats.members };
}
console.log(`county: ${county.name}, ${county.members} active members; city: ${me.org_id}`);

// One known person in the county (its first grassroots union seen in its list).
const unionId = (await call('GET', `/api/v1/members?org_id=${county.id}&limit=1`)).json.items[0].org_id;
const first17 = `33070219550${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const id = first17 + '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];
const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const person = (await call('POST', '/api/v1/members', {
  org_id: unionId, name: '欧阳斌波', id_number: id, phone, employer: '测速公司', category: 'front_line', join_date: '2020-05-01',
})).json;

const rows = [];
const figures = [];
for (const [scope, org] of [['county', `&org_id=${county.id}`], ['city', '']]) {
  let baseline = 0;
  const cases = [
    ['list page of 20 (baseline)', ''],
    ['name prefix 王 (index)', `&name=${encodeURIComponent('王')}`],
    ['q part of a name 斌波 (scan)', `&q=${encodeURIComponent('斌波')}`],
    ['q part of a name 伟 (scan)', `&q=${encodeURIComponent('伟')}`],
    ['q ID number (blind index)', `&q=${id}`],
    ['q phone (blind index)', `&q=${phone}`],
    ['q card number', `&q=${person.card_no}`],
    ['page 50 by number', '&page=50'],
  ];
  for (const [name, extra] of cases) {
    const { ms, answer } = await median(`/api/v1/members?limit=20${org}${extra}`);
    if (extra === '') baseline = ms;
    else figures.push([`search in the ${scope}: ${name.replace(/ \(.*\)$/, '')} (SQLite)`, ms.toFixed(2), 'ms', `list page of 20, ${scope}`, baseline.toFixed(2), '-']);
    rows.push(`${scope.padEnd(7)} ${name.padEnd(32)} ${ms.toFixed(1).padStart(9)} ms   items ${String(answer.items.length).padStart(2)}   total ${answer.total}${answer.total_capped ? '+' : ''}`);
  }
}
console.log(rows.join('\n'));
for (const f of figures) benchFigure(...f);
