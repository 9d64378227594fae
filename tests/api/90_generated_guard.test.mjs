// The guard for every route, generated from GET /api/v1/openapi.json (issue 13 item 6):
//
// - IDOR: every route with a parameter in its path and every bulk route (x-bulk: uploads, jobs
//   over many records), every method, called by users of the other county (婺城's records: 义乌's
//   admin; 义乌's: 婺城's admin and a township clerk of 婺城), by a portal member on another
//   member's records, and without a session. Expected: 401 without a session, 403/404 otherwise
//   (400 naming the field when the record is named in the body), and no change: the target's
//   rows, the audit log's row count, the table's row count for creates. A bulk route may answer
//   2xx (its job refuses the records out of scope) but must change nothing of the other county
//   and show nothing of it. A route whose pattern has no entry in CASES fails, and so does a case
//   whose target is missing: every route added later needs its case the day it lands.
// - Bad input: every write route's declared body fields (x-kind in openapi.json), one at a time
//   replaced by the input contract's bad values for their kind (money INT64_MAX, negative,
//   10^12+1, a string; counts, percent 101, dates of years 0000 and 2101, text with CR/LF, NUL or
//   DEL, over its length, 1 MB; an over-long ids list), sent on a record of 婺城 the route can act
//   on. Expected: 400 naming the field (413 for a body over the limit; a sign-in route may answer
//   as to a wrong password), nothing stored (a snapshot around each value), never 2xx or 5xx, and
//   no answer carrying more than 64 characters of the input. A write route whose body is not
//   declared fails.
//
// The figures are printed at the end: (route, method) pairs tried, leaks, bad inputs tried, 5xx
// (leaks, accepted bad inputs and 5xx must be 0). One server, each user signed in once (sign-in
// is rate-limited) and the clients reused; the sign-in routes' bad inputs come last.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { Client, BASE, memberBody, newId, firstGrassroots, chinaYear, chinaToday } from './lib.mjs';

// ---- Database access: rows as text, the same on SQLite and PostgreSQL ------------------------
function query(statement) {
  const [cmd, ...args] = (process.env.NJ_SQL ?? '').split(' ');
  const extra = cmd === 'psql' ? ['-t', '-A', '-F', '|'] : ['-cmd', '.timeout 10000'];
  const r = spawnSync(cmd, [...extra, ...args, statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr} in ${statement}`);
  return r.stdout.trim();
}
// The same through one long-lived shell (a process per snapshot costs ~80 ms with psql): the
// snapshots taken around each of the thousand calls.
class Shell {
  constructor() {
    const [cmd, ...args] = (process.env.NJ_SQL ?? '').split(' ');
    const psql = cmd === 'psql';
    const argv = psql ? ['-X', '-t', '-A', '-F', '|', ...args.filter((a) => a !== '-c')] : ['-cmd', '.timeout 10000', ...args];
    this.proc = spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.out = '';
    this.err = '';
    this.n = 0;
    this.waiting = null;
    this.proc.stdout.on('data', (d) => { this.out += d; this.waiting?.(); });
    this.proc.stderr.on('data', (d) => { this.err += d; });
    this.proc.on('exit', (code) => { this.err += `exited with ${code}`; this.waiting?.(); });
  }
  async run(statement) {
    const mark = `guard-end-${++this.n}`;
    this.proc.stdin.write(`${statement};\nSELECT '${mark}';\n`);
    for (;;) {
      if (this.err) throw new Error(`${this.err} in ${statement}`);
      const at = this.out.indexOf(`${mark}\n`);
      if (at >= 0) {
        const text = this.out.slice(0, at);
        this.out = this.out.slice(at + mark.length + 1);
        return text.trim();
      }
      await new Promise((res) => { this.waiting = res; });
      this.waiting = null;
    }
  }
  close() { this.proc.stdin.end(); }
}
const one = (statement) => query(statement).split('\n')[0].split('|')[0];
const num = (statement) => Number(one(statement));
const COUNTY = { wucheng: '婺城区总工会', yiwu: '义乌市总工会' };
const pathOf = (side) => `(SELECT path FROM org WHERE name = '${COUNTY[side]}')`;
const inCounty = (side, column = 'org_path') => `${column} LIKE ${pathOf(side)} || '%'`;
const OTHER = { wucheng: 'yiwu', yiwu: 'wucheng' };

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF guard suite photo')]);
const YEAR = chinaYear();
const TODAY = chinaToday();
const PLAN = `JH-${YEAR}`;
const FEED_HEADER = 'settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,original_settlement_id';
const WRITE = ['POST', 'PUT', 'PATCH'];
// A valid unified social credit code (GB 32100).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode() {
  let first17 = '913307';
  for (let i = 0; i < 11; i++) first17 += ALPHABET[Math.floor(Math.random() * 31)];
  const sum = [...first17].reduce((a, c, i) => a + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}
const ARCHIVE = (memberId) => ({
  member_id: memberId, causes: ['illness'],
  household: [{ name: '本人', relation: 'self', age: 46, health: 'serious', schooling: 'none', annual_income_fen: 960000 }],
  income_sources: [{ source: 'wages', monthly_fen: 80000 }], medical_spending_fen: 0, school_spending_fen: 0,
});

// ---- The world the cases act on ---------------------------------------------------------------
const W = {}; // clients and the records of each county, filled in `before`
const fig = { writeRoutes: 0, pairs: 0, calls: 0, leaks: [], odd: [], missing: [], bad: 0, accepted: [], fiveHundreds: [], named: 0, refusedUnnamed: [], echoes: [] };

// "409 conflict: 12, 404 not_found: 3" for a list of such keys (each up to a `|`).
function tally(keys) {
  const n = new Map();
  for (const k of keys.map((k) => k.split('|')[0])) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ');
}

async function ok(r, what) {
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

// Waits for a job to end (as `client`, who must see it).
async function settle(client, id) {
  for (let i = 0; i < 200; i++) {
    const r = await client.get(`/api/v1/jobs/${id}`);
    if (r.status !== 200 || !['queued', 'running'].includes(r.body.state)) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`job ${id} never ended`);
}

// A member of `union` with a known ID number, created by city_admin.
async function addMember(union, name) {
  const idNumber = newId(union.division_code?.length === 6 ? union.division_code : '330702');
  const phone = `13${String(Date.now() % 1e9).padStart(9, '0')}`.slice(0, 11);
  await new Promise((res) => setTimeout(res, 2)); // distinct phones
  const m = await ok(await W.city.post('/api/v1/members', memberBody(union.id, { name, id_number: idNumber, phone })), `member ${name}`);
  return { ...m, idNumber, phone };
}

// The records of one county the cases aim at (created by its own admin where the API is simple,
// found or inserted with SQL where the state they need takes many steps).
async function countyRecords(side) {
  const admin = W.admin[side];
  const r = { side, admin };
  r.county = { id: num(`SELECT id FROM org WHERE name = '${COUNTY[side]}'`), division: one(`SELECT division_code FROM org WHERE name = '${COUNTY[side]}'`) };
  r.union = await firstGrassroots(admin, r.county.id);
  r.user = num(`SELECT id FROM app_user WHERE username = '${side}_admin'`);
  r.member = await addMember(r.union, `守卫${side}甲`);
  r.spare = await addMember(r.union, `守卫${side}乙`);
  r.otherUnion = { id: num(`SELECT id FROM org WHERE ${inCounty(side, 'path')} AND kind = '${r.union.kind}' AND id <> ${r.union.id} ORDER BY id LIMIT 1`) };
  const now = Math.floor(Date.now() / 1000);
  // A draft application (inserted: filing one needs an enterprise and a committee).
  query(`INSERT INTO application (kind, org_id, reviewer_org_id, state, title, payload, created_by, created_at, updated_at) VALUES ('establish', ${r.union.id}, ${r.county.id}, 'draft', '守卫${side}', '{"name":"守卫${side}公司工会","founding_members":30}', NULL, ${now}, ${now})`);
  r.application = num(`SELECT max(id) FROM application WHERE org_id = ${r.union.id}`);
  // One waiting for the county's decision (approve and return act on it): the demo's hardship
  // archive applications where there are some, else inserted.
  query(`INSERT INTO application (kind, org_id, reviewer_org_id, state, title, payload, created_by, created_at, updated_at) VALUES ('establish', ${r.union.id}, ${r.county.id}, 'submitted', '守卫${side}待审', '{"name":"守卫${side}待审公司工会","founding_members":30}', NULL, ${now}, ${now})`);
  r.submitted = num(`SELECT a.id FROM application a JOIN org o ON o.id = a.org_id WHERE a.state = 'submitted' AND a.reviewer_org_id = ${r.county.id} AND ${inCounty(side, 'o.path')} ORDER BY a.id LIMIT 1`) || num(`SELECT max(id) FROM application WHERE org_id = ${r.union.id}`);
  r.enterpriseBody = { credit_code: creditCode(), name: `守卫${side}有限公司`, division_code: r.county.division, industry: '制造业', employees: 50, org_id: r.county.id };
  r.enterprise = (await ok(await admin.post('/api/v1/enterprises', r.enterpriseBody), 'enterprise')).id;
  r.transfer = (await ok(await admin.post(`/api/v1/members/${r.spare.id}/transfers`, { to_org_id: r.otherUnion.id, reason: '守卫测试调动' }), 'transfer')).id;
  // An archive of the county, with a file.
  r.archive = num(`SELECT id FROM hardship_archive WHERE ${inCounty(side)} ORDER BY id LIMIT 1`);
  if (!r.archive) {
    const a = await admin.post('/api/v1/hardship/archives', ARCHIVE(r.member.id));
    r.archive = a.body?.id ?? 0;
  }
  if (r.archive) {
    const f = await admin.request('POST', `/api/v1/hardship/archives/${r.archive}/files?file_name=guard.jpg`, { raw: JPEG });
    r.archiveFile = f.body?.id ?? num(`SELECT id FROM evidence WHERE entity LIKE 'hardship%' AND entity_id = '${r.archive}' LIMIT 1`);
  }
  // An active archive (the demo's are still in their notice period): exit, months, and the
  // grants of a category that needs one act on it.
  r.activeArchive = num(`SELECT id FROM hardship_archive WHERE ${inCounty(side)} AND state = 'notice' ORDER BY id DESC LIMIT 1`);
  if (r.activeArchive) query(`UPDATE hardship_archive SET state = 'active', activated_on = '${YEAR}-01-01' WHERE id = ${r.activeArchive}`);
  r.archiveMember = num(`SELECT member_id FROM hardship_archive WHERE id = ${r.activeArchive}`);
  // A grant (inserted: the API needs an active archive and two approvals).
  query(`INSERT INTO hardship_grant (member_id, org_id, org_path, county_id, tier, category, year, amount_fen, reason, state, created_at, updated_at) VALUES (${r.member.id}, ${r.union.id}, (SELECT path FROM org WHERE id = ${r.union.id}), ${r.county.id}, 'county', 'temporary', ${YEAR}, 10000, '守卫测试', 'returned', ${now}, ${now})`);
  r.grant = num(`SELECT max(id) FROM hardship_grant WHERE member_id = ${r.member.id}`);
  query(`INSERT INTO hardship_grant (member_id, org_id, org_path, county_id, tier, category, year, amount_fen, reason, state, created_at, updated_at) VALUES (${r.spare.id}, ${r.union.id}, (SELECT path FROM org WHERE id = ${r.union.id}), ${r.county.id}, 'county', 'temporary', ${YEAR}, 10000, '守卫测试', 'approved', ${now}, ${now})`);
  r.approvedGrant = num(`SELECT max(id) FROM hardship_grant WHERE member_id = ${r.spare.id}`);
  // A campaign of the county, drawn.
  const c = await admin.post('/api/v1/hardship/campaigns', { kind: 'spring_warmth', name: `守卫${side}送温暖`, year: YEAR, budget_fen: 100000000, method: 'card', standards: { deep: 100000, relative: 50000, accidental: 50000 }, org_ids: [r.county.id] });
  r.campaign = c.body?.id;
  if (r.campaign) await admin.post(`/api/v1/hardship/campaigns/${r.campaign}/draw`);
  r.campaignMember = r.campaign ? num(`SELECT member_id FROM hardship_campaign_target WHERE campaign_id = ${r.campaign} LIMIT 1`) || r.member.id : r.member.id;
  // One checked, whose gifts are handed out (distribute).
  // (Only where the county has archives to draw: 婺城 in the demo.)
  const k = await ok(await admin.post('/api/v1/hardship/campaigns', { kind: 'spring_warmth', name: `守卫${side}送温暖核定`, year: YEAR, budget_fen: 100000000, method: 'in_kind', standards: { deep: 100000, relative: 50000, accidental: 50000 }, org_ids: [r.county.id] }), 'campaign');
  await ok(await admin.post(`/api/v1/hardship/campaigns/${k.id}/draw`), 'draw');
  if ((await admin.post(`/api/v1/hardship/campaigns/${k.id}/check`)).status === 200) r.checkedCampaign = k.id;
  r.checkedMember = num(`SELECT member_id FROM hardship_campaign_target WHERE campaign_id = ${k.id} LIMIT 1`);
  // A relevel waiting to be confirmed (inserted: it comes from a change of standard).
  if (r.archive) {
    query(`INSERT INTO hardship_relevel (archive_id, org_path, division_code, year, old_level, new_level, old_standard_fen, new_standard_fen, per_head_fen, created_at) VALUES (${r.archive}, (SELECT org_path FROM hardship_archive WHERE id = ${r.archive}), '${r.county.division}', ${YEAR}, 'relative', 'deep', 100000, 110000, 50000, ${now})`);
    r.relevel = num(`SELECT max(id) FROM hardship_relevel WHERE archive_id = ${r.archive}`);
  }
  // An exported payout batch of one union's pending items (its bank file, its reconciliation),
  // then a batch of the rest of the county waiting for approval.
  const unionOfItem = num(`SELECT org_id FROM payout_item WHERE state = 'pending' AND ${inCounty(side)} ORDER BY id LIMIT 1`);
  if (unionOfItem) {
    const e = await ok(await admin.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: unionOfItem }), 'batch to export');
    await ok(await W.city.post(`/api/v1/payout/batches/${e.id}/approve`, {}), 'approve batch');
    await ok(await admin.post(`/api/v1/payout/batches/${e.id}/export`, { format: 'generic' }), 'export batch');
    r.exportedBatch = e.id;
  }
  // A payout batch of the county.
  const b = await admin.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: r.county.id });
  r.batch = b.body?.id ?? num(`SELECT id FROM payout_batch WHERE ${inCounty(side)} ORDER BY id DESC LIMIT 1`);
  // A claim by hand with an invoice photo, for a member enrolled in the plan; a contribution paid.
  await ok(await W.city.post(`/api/v1/aid/plans/${PLAN}/enrolments`, { org_id: r.union.id, start: `${YEAR}-01-01` }), 'enrol');
  r.payment = (await ok(await admin.post(`/api/v1/aid/plans/${PLAN}/payments`, { org_id: r.union.id, amount_fen: 500000, paid_on: `${YEAR}-01-10`, reference: '守卫回单' }), 'payment')).id;
  const h = await admin.post('/api/v1/aid/hand-claims', { plan_code: PLAN, member_id: r.member.id, visit_type: 'inpatient', hospital: '金华市中心医院', admission_date: `${YEAR}-06-01`, discharge_date: `${YEAR}-06-09`, diagnosis_code: 'K35.8', total: '30000.00', fund_paid: '18000.00', self_paid_in_scope: '9000.00', self_paid_out_of_scope: '3000.00' });
  r.handClaim = h.body?.id ?? num(`SELECT c.id FROM aid_hand_claim c JOIN member m ON m.id = c.member_id JOIN org o ON o.id = m.org_id WHERE ${inCounty(side, 'o.path')} LIMIT 1`);
  const hf = await admin.request('POST', `/api/v1/aid/hand-claims/${r.handClaim}/files?file_name=guard.jpg`, { raw: JPEG });
  r.handFile = hf.body?.id ?? 1;
  // An export job of the county's admin.
  r.job = (await ok(await admin.post('/api/v1/exports', { list: 'members', filters: { org_id: r.union.id } }), 'export')).id;
  await settle(admin, r.job);
  return r;
}

// The portal: member A (the victim, with a claim and its photo) and member B (the attacker), both
// of a 婺城 union, enrolled in this year's plan.
async function portalMembers() {
  const union = W.wucheng.union;
  const activate = async (m) => {
    const c = new Client();
    await ok(await c.post('/api/v1/portal/activate', { phone: m.phone, id_number: m.idNumber, password: 'guard-pass-2026' }), 'activate');
    return c;
  };
  await ok(await W.city.post(`/api/v1/aid/plans/${PLAN}/enrolments`, { org_id: union.id, start: `${YEAR}-01-01` }), 'enrol');
  const a = await addMember(union, '门户甲');
  const b = await addMember(union, '门户乙');
  await W.city.post(`/api/v1/aid/plans/${PLAN}/enrolments`, { org_id: union.id, start: `${YEAR}-01-01` });
  W.memberA = { ...a, client: await activate(a) };
  W.memberB = { ...b, client: await activate(b) };
  const claim = await W.memberA.client.post('/api/v1/portal/aid/claims', { plan_code: PLAN, visit_type: 'inpatient', hospital: '金华市中心医院', admission_date: `${YEAR}-06-01`, discharge_date: `${YEAR}-06-09`, diagnosis_code: 'K35.8', total: '30000.00', fund_paid: '18000.00', self_paid_in_scope: '9000.00', self_paid_out_of_scope: '3000.00' });
  W.memberA.claim = claim.body?.id ?? num(`SELECT id FROM aid_hand_claim WHERE member_id = ${a.id} LIMIT 1`);
  const f = await W.memberA.client.request('POST', `/api/v1/portal/aid/claims/${W.memberA.claim}/files?file_name=guard.jpg`, { raw: JPEG });
  W.memberA.file = f.body?.id ?? 1;
  // A message of member A's (the message centre: B must not mark it read).
  query(`INSERT INTO message (member_id, code, params, dedupe_key, created_at) VALUES (${a.id}, 'guard.test', '{}', 'guard', 0)`);
  W.memberA.message = num(`SELECT id FROM message WHERE member_id = ${a.id} AND dedupe_key = 'guard'`);
  // Member C of 婺城, not enrolled: the roster and enrolment cases name them.
  W.wucheng.unenrolled = await addMember(W.wucheng.union, '未参保丙');
}

// ---- The cases: each path pattern → how to find its target in county `t` ----------------------
// A case gives `params` (path parameters), `snap` (SQL whose rows must not change; the audit
// log's row count is added for routes that are not bulk), and optionally `body`, `query`, `raw`
// (an upload), `bodies` per method, `shared` (methods every county may call: a 2xx then must not
// show `secret`). Returning null skips the county (the case has no such record there).
const row = (table, id, key = 'id') => `SELECT * FROM ${table} WHERE ${key} = ${id}`;
const CASES = {
  '/api/v1/orgs/{id}': (t) => ({ params: { id: t.union.id }, snap: row('org', t.union.id), body: { kind: t.union.kind, name: '攻击者改名', division_code: t.county.division } }),
  '/api/v1/orgs/{id}/stats': (t) => ({ params: { id: t.union.id }, snap: row('org', t.union.id) }),
  '/api/v1/orgs/{id}/move': (t) => ({ params: { id: t.union.id }, snap: row('org', t.union.id), body: { parent_id: W[OTHER[t.side]].county.id } }),
  '/api/v1/orgs/{id}/coverage': (t) => ({ params: { id: t.union.id }, snap: row('org', t.union.id) }),
  '/api/v1/orgs/{id}/committee': (t) => ({ params: { id: t.union.id }, snap: row('committee', t.union.id, 'org_id') }),
  '/api/v1/orgs/{id}/ratings': (t) => ({ params: { id: t.union.id }, snap: row('union_rating', t.union.id, 'org_id'), count: 'union_rating', body: { year: YEAR, scores: { organisation: 24, rights: 23, democracy: 18, funds: 14, activities: 13 } } }),
  '/api/v1/orgs/{id}/close': (t) => ({ params: { id: t.union.id }, snap: `SELECT id, org_id, status FROM member WHERE org_id = ${t.union.id} ORDER BY id`, body: { reason: '攻击' } }),
  '/api/v1/enterprises/{id}': (t) => ({ params: { id: t.enterprise }, snap: row('enterprise', t.enterprise), body: { ...t.enterpriseBody, name: '攻击者公司' } }),
  '/api/v1/applications/{id}': (t) => ({ params: { id: t.application }, snap: row('application', t.application), body: { payload: { name: '攻击' } } }),
  '/api/v1/applications/{id}/submit': (t) => ({ params: { id: t.application }, snap: row('application', t.application) }),
  // (Filed by city_admin in the demo: its county's admin decides, and sends the bad input.)
  '/api/v1/applications/{id}/approve': (t) => ({ params: { id: t.submitted }, snap: row('application', t.submitted), body: { reason: '攻击' }, sender: 'county' }),
  '/api/v1/applications/{id}/return': (t) => ({ params: { id: t.submitted }, snap: row('application', t.submitted), body: { reason: '攻击' }, sender: 'county' }),
  '/api/v1/members/{id}': (t) => ({ params: { id: t.member.id }, snap: row('member', t.member.id), body: { org_id: t.union.id, name: '攻击者改名', phone: t.member.phone, employer: '某公司', category: 'front_line', join_date: '2020-05-01' }, query: '?reason=x' }),
  '/api/v1/members/{id}/employment': (t) => ({ params: { id: t.member.id }, snap: row('member', t.member.id), body: { employment: 'retired', reason: '攻击' } }),
  '/api/v1/members/{id}/status': (t) => ({ params: { id: t.member.id }, snap: row('member', t.member.id), body: { status: 'exited', reason: '攻击' } }),
  '/api/v1/members/{id}/reveal': (t) => ({ params: { id: t.member.id }, snap: row('member', t.member.id), body: { field: 'id_number', reason: '攻击' }, secret: t.member.idNumber }),
  '/api/v1/members/{id}/transfers': (t) => ({ params: { id: t.member.id }, snap: row('transfer', t.member.id, 'member_id'), count: 'transfer', body: { to_org_id: W[OTHER[t.side]].union.id, reason: '攻击' } }),
  '/api/v1/members/{id}/bank-accounts': (t) => ({ params: { id: t.member.id }, snap: row('payout_account', t.member.id, 'member_id') }),
  '/api/v1/members/{id}/bank-account': (t) => ({ params: { id: t.member.id }, snap: row('payout_account', t.member.id, 'member_id'), count: 'payout_account', body: { bank_code: '102', account_no: '6222021234567890', holder: t.member.name, reason: '攻击' } }),
  // (GET /api/v1/transfers/unions and GET /api/v1/portal/transfers have no id: the first answers
  // id, name and the union above of grassroots unions anywhere, the second the session's own
  // member's transfers; their scope is tested in 29_transfers_console.)
  '/api/v1/transfers/{id}/accept': (t) => ({ params: { id: t.transfer }, snap: row('transfer', t.transfer) }),
  '/api/v1/transfers/{id}/refuse': (t) => ({ params: { id: t.transfer }, snap: row('transfer', t.transfer), body: { reason: '攻击' } }),
  '/api/v1/transfers/{id}/cancel': (t) => ({ params: { id: t.transfer }, snap: row('transfer', t.transfer), body: { reason: '攻击' } }),
  '/api/v1/imports/members': (t) => ({
    params: {}, query: `?org_id=${t.union.id}&mode=store&file_name=guard.csv`, snap: `SELECT count(*) FROM member WHERE org_id = ${t.union.id}`,
    raw: `姓名,身份证号,手机号,工作单位,会员类别,入会日期\r\n攻击者,${newId()},13900000000,某公司,front_line,2020-01-01\r\n`,
  }),
  // Another county's member in the file reads as no such member: nothing stored, nothing shown.
  '/api/v1/imports/bank-accounts': (t) => ({
    params: {}, query: '?file_name=guard.csv', snap: row('payout_account', t.member.id, 'member_id'), secret: t.member.name,
    raw: `身份证号,户名,开户行,账号\r\n${t.member.idNumber},${t.member.name},102,6222021234567890128\r\n`,
  }),
  // A template holds no data: every signed-in user reads the same one.
  '/api/v1/imports/templates/{name}': () => ({ params: { name: 'settlement' }, snap: 'SELECT code, name FROM bank ORDER BY code', shared: ['GET'] }),
  '/api/v1/payout/batches': (t) => ({ params: {}, snap: `SELECT id, state, batch_id FROM payout_item WHERE ${inCounty(t.side)} ORDER BY id`, count: 'payout_batch', body: { fund: 'mutual_aid', org_id: t.county.id }, bodyRef: 'org_id' }),
  '/api/v1/payout/batches/{id}': (t) => ({ params: { id: t.batch }, snap: row('payout_batch', t.batch) }),
  '/api/v1/payout/batches/{id}/approve': (t) => ({ params: { id: t.batch }, snap: row('payout_batch', t.batch) }),
  '/api/v1/payout/batches/{id}/cancel': (t) => ({ params: { id: t.batch }, snap: row('payout_batch', t.batch), body: { reason: '攻击' } }),
  '/api/v1/payout/batches/{id}/export': (t) => ({ params: { id: t.batch }, snap: row('payout_batch', t.batch), body: { format: 'generic' } }),
  '/api/v1/payout/batches/{id}/file': (t) => (t.exportedBatch ? { params: { id: t.exportedBatch }, snap: row('payout_batch', t.exportedBatch) } : null),
  '/api/v1/payout/batches/{id}/reconcile': (t) => (t.exportedBatch ? { params: { id: t.exportedBatch }, snap: `${row('payout_batch', t.exportedBatch)}; SELECT id, state FROM payout_item WHERE batch_id = ${t.exportedBatch} ORDER BY id`, query: '?format=generic', raw: 'T,0,0\r\n' } : null),
  // The plan is the city's: every county reads it, none reads another's figures through it.
  '/api/v1/aid/plans/{code}': (t) => ({ params: { code: PLAN }, snap: row('aid_plan', `'${PLAN}'`, 'code'), shared: ['GET'], secret: COUNTY[t.side].slice(0, 2) }),
  '/api/v1/aid/plans/{code}/subsidies': (t) => ({ params: { code: PLAN }, snap: row('aid_subsidy', `'${PLAN}'`, 'plan_code'), shared: ['GET'], secret: COUNTY[t.side].slice(0, 2) }),
  '/api/v1/aid/plans/{code}/subsidies/{org}': (t) => ({ params: { code: PLAN, org: t.county.id }, snap: row('aid_subsidy', `'${PLAN}'`, 'plan_code'), body: { per_member_fen: 1000 } }),
  '/api/v1/aid/plans/{code}/enrolments': (t) => ({ params: { code: PLAN }, snap: `SELECT count(*) FROM aid_enrolment WHERE org_id = ${t.union.id}`, body: { org_id: t.union.id, start: `${YEAR}-01-01` } }),
  '/api/v1/aid/plans/{code}/enrolments/roster': (t) => (t.unenrolled ? {
    params: { code: PLAN }, query: `?start=${YEAR}-01-01`, snap: row('aid_enrolment', t.unenrolled.id, 'member_id'), raw: `身份证号\r\n${t.unenrolled.idNumber}\r\n`, shared: ['POST'], secret: `"member_id":${t.unenrolled.id}`,
  } : null),
  '/api/v1/aid/plans/{code}/payments': (t) => ({ params: { code: PLAN }, snap: `SELECT * FROM aid_payment WHERE ${inCounty(t.side)}`, count: 'aid_payment', shared: ['GET'], secret: COUNTY[t.side].slice(0, 2), body: { org_id: t.county.id, amount_fen: 500000, paid_on: `${YEAR}-01-10`, reference: '攻击' } }),
  '/api/v1/aid/plans/{code}/payments/{id}': (t) => ({ params: { code: PLAN, id: t.payment }, snap: row('aid_payment', t.payment), body: { amount_fen: 1, paid_on: `${YEAR}-01-10`, reference: '攻击' } }),
  '/api/v1/aid/plans/{code}/stats': (t) => ({ params: { code: PLAN }, snap: row('aid_plan', `'${PLAN}'`, 'code'), shared: ['GET'], secret: COUNTY[t.side].slice(0, 2) }),
  '/api/v1/aid/plans/{code}/ingest': (t) => ({
    params: { code: PLAN }, query: '?file_name=guard.csv', shared: ['POST'], secret: t.member.name,
    snap: `SELECT * FROM aid_claim WHERE member_id = ${t.member.id}; SELECT id, state, amount_fen FROM payout_item WHERE member_id = ${t.member.id} ORDER BY id`,
    raw: `${FEED_HEADER}\r\nGUARD${t.side}${Date.now()},${t.member.idNumber},${t.member.name},金华市中心医院,${YEAR}-06-01,${YEAR}-06-09,inpatient,K35.8,50000.00,0.00,50000.00,0.00,normal,\r\n`,
  }),
  '/api/v1/aid/hand-claims/{id}': (t) => ({ params: { id: t.handClaim }, snap: row('aid_hand_claim', t.handClaim) }),
  '/api/v1/aid/hand-claims/{id}/check': (t) => ({ params: { id: t.handClaim }, snap: row('aid_hand_claim', t.handClaim) }),
  '/api/v1/aid/hand-claims/{id}/approve': (t) => ({ params: { id: t.handClaim }, snap: row('aid_hand_claim', t.handClaim) }),
  '/api/v1/aid/hand-claims/{id}/reject': (t) => ({ params: { id: t.handClaim }, snap: row('aid_hand_claim', t.handClaim), body: { reason: '攻击' } }),
  '/api/v1/aid/hand-claims/{id}/files': (t) => ({ params: { id: t.handClaim }, snap: `SELECT * FROM evidence WHERE entity_id = '${t.handClaim}'`, raw: JPEG, query: '?file_name=x.jpg' }),
  '/api/v1/aid/hand-claims/{id}/files/{file}': (t) => ({ params: { id: t.handClaim, file: t.handFile }, snap: row('evidence', t.handFile) }),
  '/api/v1/portal/aid/claims/{id}': (t) => (t.side === 'wucheng' ? { params: { id: W.memberA.claim }, snap: row('aid_hand_claim', W.memberA.claim) } : null),
  '/api/v1/portal/aid/claims/{id}/files': (t) => (t.side === 'wucheng' ? { params: { id: W.memberA.claim }, snap: `SELECT * FROM evidence WHERE entity_id = '${W.memberA.claim}'`, raw: JPEG, query: '?file_name=x.jpg' } : null),
  '/api/v1/portal/aid/claims/{id}/files/{file}': (t) => (t.side === 'wucheng' ? { params: { id: W.memberA.claim, file: W.memberA.file }, snap: row('evidence', W.memberA.file) } : null),
  '/api/v1/portal/messages/{id}/read': (t) => (t.side === 'wucheng' ? { params: { id: W.memberA.message }, snap: row('message', W.memberA.message) } : null),
  '/api/v1/hardship/standards/{division}/{year}': (t) => ({ params: { division: t.county.division, year: YEAR }, snap: `SELECT * FROM hardship_standard WHERE division_code = '${t.county.division}'`, body: { monthly_fen: 1, relative_pct: 100 } }),
  '/api/v1/hardship/archives/{id}': (t) => (t.archive ? { params: { id: t.archive }, snap: row('hardship_archive', t.archive), body: { household_size: 9 } } : null),
  '/api/v1/hardship/archives/{id}/submit': (t) => (t.archive ? { params: { id: t.archive }, snap: row('hardship_archive', t.archive) } : null),
  '/api/v1/hardship/archives/{id}/override': (t) => (t.archive ? { params: { id: t.archive }, snap: row('hardship_archive', t.archive), body: { level: 'deep', reason: '攻击' } } : null),
  '/api/v1/hardship/archives/{id}/visits': (t) => (t.archive ? { params: { id: t.archive }, snap: row('hardship_visit', t.archive, 'archive_id'), count: 'hardship_visit', body: { kind: 'visit', visited_on: `${YEAR}-01-05`, visitors: '攻击者', findings: '攻击' } } : null),
  '/api/v1/hardship/archives/{id}/months': (t) => (t.activeArchive ? { params: { id: t.activeArchive }, snap: row('hardship_month', t.activeArchive, 'archive_id'), count: 'hardship_month', body: { month: `${YEAR}-01`, per_head_fen: 1 } } : null),
  '/api/v1/hardship/archives/{id}/cause-resolved': (t) => (t.activeArchive ? { params: { id: t.activeArchive }, snap: row('hardship_archive', t.activeArchive), body: { on: `${YEAR}-01-05` } } : null),
  '/api/v1/hardship/archives/{id}/exit': (t) => (t.activeArchive ? { params: { id: t.activeArchive }, snap: row('hardship_archive', t.activeArchive), body: { on: `${YEAR}-01-05`, reason: '攻击' } } : null),
  '/api/v1/hardship/archives/{id}/files': (t) => (t.archive ? { params: { id: t.archive }, snap: `SELECT * FROM evidence WHERE entity_id = '${t.archive}'`, raw: JPEG, query: '?file_name=x.jpg' } : null),
  '/api/v1/hardship/archives/{id}/files/{file}': (t) => (t.archiveFile ? { params: { id: t.archive, file: t.archiveFile }, snap: row('evidence', t.archiveFile) } : null),
  '/api/v1/hardship/relevels/confirm': (t) => (t.relevel ? { params: {}, snap: row('hardship_relevel', t.relevel), body: { ids: [t.relevel] } } : null),
  // The categories are the city's: no county sets them.
  '/api/v1/hardship/categories/{code}': (t) => (t.side === 'wucheng' ? { params: { code: 'legal' }, snap: row('hardship_aid_category', "'legal'", 'code'), body: { cap_fen: 1 } } : null),
  '/api/v1/hardship/grants/{id}': (t) => ({ params: { id: t.grant }, snap: row('hardship_grant', t.grant), body: { amount_fen: 1, reason: '攻击' } }),
  '/api/v1/hardship/grants/{id}/submit': (t) => ({ params: { id: t.grant }, snap: row('hardship_grant', t.grant) }),
  '/api/v1/hardship/grants/{id}/cancel': (t) => ({ params: { id: t.grant }, snap: row('hardship_grant', t.grant), body: { reason: '攻击' } }),
  '/api/v1/hardship/grants/{id}/pay': (t) => (t.approvedGrant ? { params: { id: t.approvedGrant }, snap: row('hardship_grant', t.approvedGrant) } : null),
  '/api/v1/hardship/grants/{id}/in-kind': (t) => (t.approvedGrant ? { params: { id: t.approvedGrant }, snap: row('hardship_grant', t.approvedGrant), body: { signed_by: '攻击者', signed_on: TODAY } } : null),
  '/api/v1/hardship/campaigns/{id}': (t) => (t.campaign ? { params: { id: t.campaign }, snap: row('hardship_campaign', t.campaign), body: { name: '攻击', budget_fen: 1 } } : null),
  '/api/v1/hardship/campaigns/{id}/draw': (t) => (t.campaign ? { params: { id: t.campaign }, snap: `SELECT * FROM hardship_campaign_target WHERE campaign_id = ${t.campaign} ORDER BY member_id` } : null),
  '/api/v1/hardship/campaigns/{id}/targets': (t) => (t.campaign ? { params: { id: t.campaign }, snap: row('hardship_campaign', t.campaign) } : null),
  '/api/v1/hardship/campaigns/{id}/targets/{member}': (t) => (t.campaign ? { params: { id: t.campaign, member: t.campaignMember }, snap: `SELECT * FROM hardship_campaign_target WHERE campaign_id = ${t.campaign} ORDER BY member_id`, body: { included: false, amount_fen: 0, reason: '攻击' } } : null),
  '/api/v1/hardship/campaigns/{id}/check': (t) => (t.campaign ? { params: { id: t.campaign }, snap: row('hardship_campaign', t.campaign) } : null),
  '/api/v1/hardship/campaigns/{id}/pay': (t) => (t.campaign ? { params: { id: t.campaign }, snap: row('hardship_campaign', t.campaign) } : null),
  '/api/v1/hardship/campaigns/{id}/distribute': (t) => (t.checkedCampaign ? { params: { id: t.checkedCampaign }, snap: `SELECT * FROM hardship_campaign_target WHERE campaign_id = ${t.checkedCampaign} ORDER BY member_id`, body: { member_ids: [t.checkedMember], signed_by: '攻击者', signed_on: TODAY } } : null),
  '/api/v1/hardship/campaigns/{id}/cancel': (t) => (t.campaign ? { params: { id: t.campaign }, snap: row('hardship_campaign', t.campaign), body: { reason: '攻击' } } : null),
  '/api/v1/exports': (t) => ({ params: {}, snap: `SELECT count(*) FROM job`, body: { list: 'members', filters: { org_id: t.union.id } }, shared: ['POST'], job: 'empty' }),
  '/api/v1/users/{id}/disable': (t) => ({ params: { id: t.user }, snap: `SELECT id, disabled_at FROM app_user WHERE id = ${t.user}` }),
  '/api/v1/users/{id}/enable': (t) => ({ params: { id: t.user }, snap: `SELECT id, disabled_at FROM app_user WHERE id = ${t.user}` }),
  '/api/v1/jobs/{id}': (t) => ({ params: { id: t.job }, snap: row('job', `'${t.job}'`) }),
  '/api/v1/jobs/{id}/file': (t) => ({ params: { id: t.job }, snap: row('job', `'${t.job}'`) }),
};

// ---- The routes, from the OpenAPI description -------------------------------------------------
let routes = [];
function fill(pattern, params) {
  return pattern.replace(/\{(\w+)\}/g, (_, name) => {
    if (params[name] === undefined) throw new Error(`no value for {${name}} in ${pattern}`);
    return encodeURIComponent(params[name]);
  });
}
const schemaOf = (op) => op.requestBody?.content?.['application/json']?.schema;
const exampleOf = (op) => op.requestBody?.content?.['application/json']?.example;

// The rows a case watches, the audit log's row count and the created table's.
function snapshot(c, bulk) {
  const counts = [bulk ? '0' : '(SELECT count(*) FROM audit_log)', c.count ? `(SELECT count(*) FROM ${c.count})` : '0'];
  return W.shell.run(`SELECT ${counts.join(', ')}; ${c.snap}`);
}

async function call(client, method, url, c, route) {
  const opts = {};
  if (c.raw !== undefined) opts.raw = c.raw;
  else if (WRITE.includes(method)) opts.body = c.bodies?.[method] ?? c.body ?? exampleOf(route.op) ?? {};
  const r = await client.request(method, url, opts);
  fig.calls += 1;
  return r;
}

describe('generated guard: IDOR and bad input on every route (from openapi.json)', () => {
  const started = Date.now();

  before(async () => {
    W.shell = new Shell();
    W.anon = new Client();
    const spec = await W.anon.get('/api/v1/openapi.json');
    assert.equal(spec.status, 200);
    for (const [path, item] of Object.entries(spec.body.paths)) {
      for (const [method, op] of Object.entries(item)) routes.push({ method: method.toUpperCase(), path, op });
    }
    W.city = await Client.login('city_admin');
    W.admin = { wucheng: await Client.login('wucheng_admin'), yiwu: await Client.login('yiwu_admin') };
    W.clerk = await Client.login('township_clerk');
    W.wucheng = await countyRecords('wucheng');
    W.yiwu = await countyRecords('yiwu');
    await portalMembers();
  });

  after(() => {
    W.shell?.close();
    const s = ((Date.now() - started) / 1000).toFixed(1);
    console.log([
      '',
      `generated guard (${process.env.NJ_DIALECT ?? 'sqlite'}, ${s} s):`,
      `  IDOR: ${fig.pairs} (route, method) pairs tried in ${fig.calls} calls; leaks: ${fig.leaks.length}; answers other than 401/403/404: ${fig.odd.length}; routes without a case: ${fig.missing.length}`,
      `  bad input: ${fig.bad} tried over ${fig.writeRoutes} write routes; accepted or stored: ${fig.accepted.length}; 5xx: ${fig.fiveHundreds.length}; echoing > 64 characters: ${fig.echoes.length}; refused with 400 naming the field: ${fig.named}; refused otherwise: ${fig.refusedUnnamed.length} (${tally(fig.refusedUnnamed)})`,
      ...fig.missing.map((m) => `  MISSING ${m}`),
      ...fig.leaks.map((l) => `  LEAK ${l}`),
      ...fig.odd.map((l) => `  ODD ${l}`),
      ...fig.accepted.map((l) => `  ACCEPTED ${l}`),
      ...fig.fiveHundreds.map((l) => `  5XX ${l}`),
      ...fig.echoes.map((l) => `  ECHO ${l}`),
      ...fig.refusedUnnamed.map((l) => `  REFUSED ${l.split('|')[1]} (${l.split('|')[0]})`),
    ].join('\n'));
  });

  it('IDOR: every route with an id in its path and every bulk route refuses the other county, another member, and no session', async () => {
    const chosen = routes.filter((r) => r.path.includes('{') || r.op['x-bulk']);
    for (const route of chosen) {
      const make = CASES[route.path];
      if (!make) {
        fig.missing.push(`no case for ${route.method} ${route.path}: add its target to CASES in tests/api/90_generated_guard.test.mjs`);
        continue;
      }
      const bulk = Boolean(route.op['x-bulk']);
      const portal = route.path.startsWith('/api/v1/portal/');
      let tried = false;
      for (const side of ['wucheng', 'yiwu']) {
        const t = W[side];
        const c = make(t);
        if (!c) continue;
        if (Object.values(c.params).some((v) => !v)) {
          fig.missing.push(`no target for ${route.method} ${route.path} in ${side}: ${JSON.stringify(c.params)}`);
          continue;
        }
        tried = true;
        const url = fill(route.path, c.params) + (c.query ?? '');
        // 婺城's records: 义乌's admin and the portal member B (A's records are the portal's
        // targets); 义乌's: 婺城's admin and a township clerk of 婺城.
        const attackers = side === 'wucheng'
          ? [['other county', W.admin.yiwu, [403, 404]], ['another member', W.memberB.client, [401, 403, 404]]]
          : [['other county', W.admin.wucheng, [403, 404]], ['other county (clerk)', W.clerk, [403, 404]]];
        attackers.push(['no session', W.anon, [401]]);
        // The control: its owner reads it (a refusal of a record that is not there proves nothing).
        if (route.method === 'GET') {
          const owner = portal ? W.memberA.client : W.admin[side];
          const r = await call(owner, 'GET', url, c, route);
          if (r.status !== 200) fig.missing.push(`no target for GET ${route.path} in ${side}: its owner reads ${url}: ${r.status}`);
        }
        const beforeSnap = await snapshot(c, bulk);
        for (const [who, client, expected] of attackers) {
          const r = await call(client, route.method, url, c, route);
          const where = `${route.method} ${route.path} (${side} target, as ${who}): ${r.status}`;
          const staff = who.startsWith('other county');
          const shared = c.shared?.includes(route.method) && staff;
          // A record named in the body (not the path) out of scope: 400 naming that field.
          const refusedRef = c.bodyRef && staff && r.status === 400 && r.body?.field === c.bodyRef;
          if (r.status >= 500) fig.fiveHundreds.push(`IDOR ${where}`);
          else if (r.status < 300 && (shared || bulk) && staff && !portal) {
            if (c.job || (bulk && typeof r.body?.id === 'string')) {
              const done = await settle(client, r.body.id);
              if (c.job === 'empty' && done.body?.total > 0) fig.leaks.push(`${where}: its job took ${done.body.total} records of the other county`);
              if (c.secret && done.text?.includes(c.secret)) fig.leaks.push(`${where}: its job shows ${c.secret}`);
            }
            if (c.secret && r.text.includes(c.secret)) fig.leaks.push(`${where} shows ${c.secret}`);
          } else if (r.status < 400) fig.leaks.push(`${where} ${r.text.slice(0, 120)}`);
          else if (refusedRef) continue;
          else if (portal && staff ? ![401, 403, 404].includes(r.status) : !expected.includes(r.status)) fig.odd.push(`${where} ${r.body?.code ?? ''} ${r.body?.field ?? ''}`);
        }
        const afterSnap = await snapshot(c, bulk);
        if (afterSnap !== beforeSnap) fig.leaks.push(`${route.method} ${route.path} (${side} target): changed\n    before ${beforeSnap.slice(0, 300)}\n    after  ${afterSnap.slice(0, 300)}`);
      }
      if (tried) fig.pairs += 1;
      else fig.missing.push(`no target for ${route.method} ${route.path}`);
    }
    assert.deepEqual(fig.missing, [], 'every route with an id or bulk has a case');
    assert.deepEqual(fig.leaks, [], 'no leak');
    assert.deepEqual(fig.fiveHundreds, [], 'no 5xx');
  });

  it('IDOR: refusals are 401 without a session and 403/404 otherwise', () => {
    assert.deepEqual(fig.odd, []);
  });

  it('bad input: every write route declares its body, and refuses the contract\'s bad values with a 4xx, storing nothing', async () => {
    const undeclared = [];
    for (const route of routes) {
      if (!WRITE.includes(route.method) || route.op['x-upload'] || route.op['x-body'] === 'none') continue;
      const error = route.op.requestBody?.['x-declaration-error'];
      if (error) undeclared.push(`bad declaration for ${route.method} ${route.path}: ${error}`);
      else if (!schemaOf(route.op)) undeclared.push(`no declaration for ${route.method} ${route.path}`);
    }
    fig.missing.push(...undeclared);

    // The sign-in routes last: their failures count against the address's sign-in limit.
    const last = (r) => (SIGN_IN[r.path] ? 1 : 0);
    for (const route of [...routes].sort((a, b) => last(a) - last(b))) {
      const schema = schemaOf(route.op);
      if (!WRITE.includes(route.method) || !schema) continue;
      const props = Object.entries(schema.properties ?? {});
      const cases = props.flatMap(([name, f]) => badValues(f).map((v) => [name, v]));
      if (!cases.length) continue;
      let params = {};
      const c = CASES[route.path]?.(W.wucheng);
      if (route.path.includes('{')) {
        if (!c) continue; // reported by the IDOR test
        params = c.params;
      }
      const url = fill(route.path, params) + (c?.query ?? '');
      fig.writeRoutes += 1;
      const client = senderOf(route, c);
      // What a refused value must leave as it was: the audit log (every write is audited), the
      // record the route acts on and the table it creates in. Sign-in routes audit failures.
      const state = () => W.shell.run(`SELECT ${SIGN_IN[route.path] ? '0' : '(SELECT count(*) FROM audit_log)'}, ${c?.count ? `(SELECT count(*) FROM ${c.count})` : '0'}${c?.snap ? `; ${c.snap}` : ''}`);
      let before = await state();
      for (const [name, value] of cases) {
        fig.bad += 1;
        const r = await client.request(route.method, url, { raw: withValue(baseBody(route, props), name, value) });
        const what = `${route.method} ${route.path} ${name}=${shown(value)}: ${r.status}`;
        const after = await state();
        if (r.status >= 500) fig.fiveHundreds.push(`${what} ${r.text.slice(0, 80)}`);
        else if (r.status < 400) fig.accepted.push(what);
        else if (after !== before) fig.accepted.push(`${what}, yet stored: ${after.slice(0, 200)}`);
        else if (r.status === 400 && names(r.body?.field, name)) fig.named += 1;
        else if (r.status === 413 && bytesOf(value) > 1e6) fig.named += 1; // over the body limit
        // A sign-in route may answer a stranger's bad value as it answers a wrong password.
        else if (SIGN_IN[route.path] && [400, 401, 429].includes(r.status)) fig.named += 1;
        else fig.refusedUnnamed.push(`${r.status} ${r.body?.code ?? ''}${r.status === 400 ? ` naming ${r.body?.field ?? 'no field'}` : ''}|${what} ${String(r.body?.detail ?? '').slice(0, 60)}`);
        const echo = r.status >= 400 && echoed(value, r.text); // (a 2xx shows what it stored)
        if (echo) fig.echoes.push(`${what} echoes ${echo.length}+ characters of the input`);
        before = after;
      }
    }
    assert.deepEqual(undeclared, [], 'every write route declares its body');
    assert.deepEqual(fig.accepted, [], 'no bad input accepted or stored');
    assert.deepEqual(fig.fiveHundreds, [], 'no 5xx');
    assert.deepEqual(fig.echoes, [], 'no answer echoes more than 64 characters of the input');
  });

  it('bad input: each is refused with 400 naming the field (not a 404/409 of a check made before reading the body)', () => {
    assert.deepEqual(fig.refusedUnnamed, []);
  });
});

// ---- Bad values per kind (tests/../notes: the input contract) -------------------------------
// A number JSON.stringify cannot write exactly, sent as its literal text.
const raw = (text) => ({ raw: text });
const INT64_MAX = raw('9223372036854775807');
const MB = 1000000; // a "1 MB" text: under the 1 MiB body limit with the rest of the body
function badValues(f) {
  const over = (n) => 'a'.repeat(n + 1);
  switch (f['x-kind']) {
    case 'money': return [-1, 1000000000001, INT64_MAX, '12', 1.5];
    case 'signed_money': return [-1000000000001, 1000000000001, INT64_MAX, raw('-9223372036854775808'), '12', 1.5];
    case 'count': return [-1, INT64_MAX, 1.5, '3', ...(f.maximum < 1e9 ? [f.maximum + 1] : [1000000001])];
    case 'percent': return [-1, 101, 200, 1.5, '50'];
    case 'date': return ['0000-01-01', '1899-12-31', '2101-01-01', '2026-02-30', 'x'];
    case 'month': return ['0000-01', '1899-12', '2101-01', '2026-13', 'x'];
    case 'year': return [0, 1899, 2101, '2026'];
    case 'text': return ['a\r\nb', 'a\nb', 'a\u0000b', 'a\u007fb', over(f.maxLength ?? 200), 'a'.repeat(MB)];
    case 'multiline': return ['a\u0000b', 'a\rb', over(f.maxLength ?? 2000), 'a'.repeat(MB)];
    case 'id': return [0, -1, 'x', raw('9223372036854775808')];
    case 'ids': return [[0], [-1], 'x', Array.from({ length: 10001 }, (_, i) => i + 1)];
    case 'enum': return ['no_such_value', 'a'.repeat(MB)];
    case 'bool': return ['x'];
    case 'yuan': return ['-1', '10000000000.01', '1.234', 'x', '1e3'];
    default: return [];
  }
}
// The error names the field itself, or an element of it ("org_ids[3]", "household.0.age").
const names = (field, name) => field === name || field?.startsWith(`${name}[`) || field?.startsWith(`${name}.`);
const bytesOf = (v) => (typeof v === 'string' ? Buffer.byteLength(v) : v?.raw?.length ?? JSON.stringify(v).length);
// The start of a long value (more than 64 characters) if the answer carries 65 characters of it.
function echoed(value, text) {
  const sent = typeof value === 'string' ? value : Array.isArray(value) ? JSON.stringify(value).slice(1) : '';
  if (sent.length <= 64) return '';
  const piece = sent.slice(0, 65);
  return text.includes(piece) || text.includes(JSON.stringify(piece).slice(1, -1)) ? piece : '';
}
function withValue(base, name, value) {
  const body = { ...base, [name]: value?.raw !== undefined ? '\u0001RAW\u0001' : value };
  const text = JSON.stringify(body);
  return value?.raw !== undefined ? text.replace('"\\u0001RAW\\u0001"', value.raw) : text;
}
// A bad value as the report shows it: short, control characters escaped.
function shown(v) {
  if (v?.raw !== undefined) return v.raw;
  if (Array.isArray(v) && v.length > 3) return `[${v.length} ids]`;
  if (typeof v === 'string' && v.length > 24) return `"${v.slice(0, 3)}…" (${v.length} characters)`;
  return JSON.stringify(v).replace(/\x7f/g, '\\u007f');
}

// Who sends a route's bad input: the portal member for the portal, a stranger to sign-in routes
// (no real account is tried), 婺城's admin where a case says so, city_admin for the rest.
function senderOf(route, c) {
  if (SIGN_IN[route.path]) return new Client();
  if (c?.sender === 'county') return W.admin.wucheng;
  if (route.path.startsWith('/api/v1/portal/')) return W.memberA.client;
  return W.city;
}
const SIGN_IN = {
  '/api/v1/auth/login': () => ({ username: 'guard_nobody', password: 'guard-pass-2026' }),
  '/api/v1/portal/login': () => ({ phone: '13900000009', password: 'guard-pass-2026' }),
  '/api/v1/portal/activate': () => ({ phone: '13900000009', id_number: newId(), password: 'guard-pass-2026' }),
};
// Bodies of routes whose example is not a whole valid body (made afresh for each value: a
// unique name or number stays unique when a bad value is accepted).
let serial = 0;
const BASES = {
  '/api/v1/members': () => memberBody(W.wucheng.union.id),
  '/api/v1/users': () => ({ username: `guard_${Date.now()}_${++serial}`, password: 'Guard-pass-2026!x', role: 'clerk', org_id: W.wucheng.union.id, display_name: '守卫' }),
  '/api/v1/portal/join': () => ({ name: '张守卫', id_number: newId(), phone: '13812345678', employer: '某快递公司', category: 'courier', org_id: W.wucheng.union.id }),
  '/api/v1/enterprises': () => ({ ...W.wucheng.enterpriseBody, credit_code: creditCode(), name: `守卫公司${++serial}` }),
  '/api/v1/hardship/grants': () => ({ member_id: W.wucheng.archiveMember, category: 'living', amount_fen: 300000, reason: '春节前生活困难' }),
  '/api/v1/aid/plans': () => ({
    code: 'GUARD-1', name: '守卫方案', start: `${YEAR}-01-01`, end: `${YEAR}-12-31`, contribution_fen: 5000, waiting_days: 90, overall_cap_fen: 6000000,
    benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
  }),
};
// The route's example, with the records it names pointing at 婺城's (so that only the bad value
// is wrong), or the IDOR case's body for routes without an example.
function baseBody(route, props) {
  if (SIGN_IN[route.path]) return SIGN_IN[route.path]();
  if (BASES[route.path]) return BASES[route.path]();
  const t = W.wucheng;
  const c = CASES[route.path]?.(t);
  const body = { ...(exampleOf(route.op) ?? {}), ...(c?.bodies?.[route.method] ?? c?.body ?? {}) };
  const ids = { union_id: t.union.id, org_id: t.union.id, parent_id: t.county.id, to_org_id: t.otherUnion.id, member_id: t.member.id, application_id: t.application };
  for (const [name, f] of props) {
    if (f['x-kind'] === 'id' && ids[name]) body[name] = ids[name];
    if (name === 'org_ids') body[name] = [t.county.id];
    if (name === 'member_ids') body[name] = [t.campaignMember];
    if (name === 'plan_code') body[name] = PLAN;
  }
  return body;
}
