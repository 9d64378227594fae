// Hardship aid over HTTP: categories as data, grants within their yearly limits (a second grant
// past the limit refused with what was granted and what remains), the two-level approval of a
// grant (the county reviews, the city approves a city-tier archive's; another county neither sees
// nor decides), payment through payout once, in kind with who signed, temporary aid without an
// archive, what mutual aid paid beside medical aid, a campaign drawn, checked against its
// budget, paid and paid again (nothing new), one given in kind, the report equal to what was
// granted and its .xlsx, the portal's grants.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { Client, memberBody, newId, uniqueName, sql, chinaYear, chinaToday } from './lib.mjs';

const YEAR = chinaYear();
const today = chinaToday;

async function payoutItems(client, memberId) {
  const r = await client.get(`/api/v1/payout/items?member_id=${memberId}&limit=200`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.filter((i) => i.source_module === 'hardship');
}

async function waitJob(client, id) {
  for (let i = 0; i < 200; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running after 10 s');
}

describe('hardship aid: grants within limits through two levels, campaigns, reports', () => {
  let city, county, other, clerk, union, S;
  let a, b, c, d;  // a: deep (city tier), b: relative (county tier), c and d: no archive
  const grantIds = {};
  let springId, summerId;

  // An archive filed by the clerk, approved at its levels, past its notice: active.
  async function activeArchive(member, household, causes) {
    const filed = await clerk.post('/api/v1/hardship/archives', {
      member_id: member.id, causes, household, income_sources: [], medical_spending_fen: 0,
      school_spending_fen: 0,
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const sent = await clerk.post(`/api/v1/hardship/archives/${filed.body.id}/submit`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const app = sent.body.application_id;
    assert.equal((await county.post(`/api/v1/applications/${app}/approve`, {})).status, 200);
    if (filed.body.tier === 'city') {
      const approved = await city.post(`/api/v1/applications/${app}/approve`, {});
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
    }
    sql(`UPDATE hardship_archive SET notice_end = '2000-01-01' WHERE id = ${filed.body.id}`);
    const archive = (await clerk.get(`/api/v1/hardship/archives/${filed.body.id}`)).body;
    assert.equal(archive.state, 'active');
    return archive;
  }

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    other = await Client.login('yiwu_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('帮扶救助测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const add = async (name) => {
      const idNumber = newId();
      const phone = `135${String((Date.now() + Math.floor(Math.random() * 1e6)) % 1e8).padStart(8, '0')}`;
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: idNumber, phone }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { ...r.body, idNumber, phone };
    };
    a = await add('帮扶甲');
    b = await add('帮扶乙');
    c = await add('帮扶丙');
    d = await add('帮扶丁');
    const standards = await clerk.get(`/api/v1/hardship/standards?division_code=330702&year=${YEAR}`);
    S = standards.body.items[0].monthly_fen;
    const relativeIncome = Math.round(S * 1.5) * 12;
    a.archive = await activeArchive(a, [
      { name: '帮扶甲', relation: 'self', age: 48, health: 'serious', schooling: 'none', annual_income_fen: 0 },
      { name: '甲妻', relation: 'spouse', age: 46, health: 'chronic', schooling: 'none', annual_income_fen: 0 },
      { name: '甲大儿', relation: 'child', age: 19, health: 'healthy', schooling: 'university', annual_income_fen: 0 },
      { name: '甲小女', relation: 'child', age: 16, health: 'healthy', schooling: 'senior', annual_income_fen: 0 },
    ], ['illness', 'schooling']);
    b.archive = await activeArchive(b, [
      { name: '帮扶乙', relation: 'self', age: 50, health: 'healthy', schooling: 'none', annual_income_fen: relativeIncome },
      { name: '乙夫', relation: 'spouse', age: 52, health: 'healthy', schooling: 'none', annual_income_fen: relativeIncome },
    ], ['unemployment']);
    assert.equal(a.archive.level, 'deep');
    assert.equal(a.archive.tier, 'city');
    assert.equal(b.archive.level, 'relative');
    assert.equal(b.archive.tier, 'county');
    S = a.archive.standard.monthly_fen;
    assert.equal(b.archive.standard.monthly_fen, S);
  });

  it('lists the categories with their defaults, set only at the root federation', async () => {
    const r = await clerk.get('/api/v1/hardship/categories');
    assert.equal(r.status, 200);
    const by = Object.fromEntries(r.body.items.map((k) => [k.code, k]));
    assert.deepEqual(Object.keys(by), ['living', 'schooling', 'medical', 'legal', 'training', 'temporary']);
    assert.deepEqual(by.living.limits, { accidental: 10, deep: 12, relative: 10 });
    assert.deepEqual(by.schooling.limits, { senior: 6, university: 10, vocational: 6 });
    assert.equal(by.medical.cap_fen, 2000000);
    assert.equal(by.temporary.cap_fen, 300000);
    assert.equal(by.temporary.needs_archive, false);
    assert.equal(by.legal.cap_fen, null);
    assert.equal((await clerk.put('/api/v1/hardship/categories/legal', { cap_fen: 500000 })).status, 403);
    assert.equal((await county.put('/api/v1/hardship/categories/legal', { cap_fen: 500000 })).status, 403, 'a county does not set the categories');
    const bad = await city.put('/api/v1/hardship/categories/living', { limits: { deep: 12, university: 3 } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'limits.university');
    const set = await city.put('/api/v1/hardship/categories/legal', { cap_fen: 800000, standard_fen: 0 });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.cap_fen, 800000);
    const back = await city.put('/api/v1/hardship/categories/legal', { cap_fen: null });
    assert.equal(back.body.cap_fen, null);
  });

  it('refuses a second living grant past the yearly limit, naming what was granted and what remains', async () => {
    const room = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=living`);
    assert.equal(room.status, 200, JSON.stringify(room.body));
    assert.equal(room.body.limit_fen, 12 * S);
    assert.equal(room.body.remaining_fen, 12 * S);
    assert.equal(room.body.level, 'deep');
    assert.match(room.body.text, /深度困难 12 个月 × 低保/);

    const first = await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'living', amount_fen: 8 * S, reason: '春节前生活困难' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.state, 'submitted');
    assert.equal(first.body.tier, 'city');
    assert.equal(first.body.limit_fen, 12 * S);
    assert.equal(first.body.reviewer_org_name, '婺城区总工会');
    grantIds.living = first.body.id;

    const yuan = (fen) => (fen / 100).toFixed(2);
    const past = await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'living', amount_fen: 5 * S, reason: '再次申请' });
    assert.equal(past.status, 409, JSON.stringify(past.body));
    assert.equal(past.body.field, 'amount_fen');
    assert.match(past.body.detail, new RegExp(`本年度已发放生活救助 ${yuan(8 * S)} 元，尚可发放 ${yuan(4 * S)} 元`));
    const english = await clerk.request('POST', '/api/v1/hardship/grants', { body: { member_id: a.id, category: 'living', amount_fen: 5 * S, reason: 'again' }, headers: { 'accept-language': 'en' } });
    assert.match(english.body.detail, new RegExp(`${yuan(8 * S)} yuan was granted this year, ${yuan(4 * S)} yuan remains`));

    const rest = await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'living', amount_fen: 4 * S, reason: '补足全年' });
    assert.equal(rest.status, 201, 'exactly what remains');
    grantIds.rest = rest.body.id;
    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'living', amount_fen: 1, reason: '一分' })).status, 409, 'waiting grants count too');

    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'living', amount_fen: 0, reason: 'x' })).body.field, 'amount_fen');
    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'living', amount_fen: 100, reason: '' })).body.field, 'reason');
    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'lottery', amount_fen: 100, reason: 'x' })).body.field, 'category');
    assert.equal((await other.post('/api/v1/hardship/grants', { member_id: a.id, category: 'living', amount_fen: 100, reason: 'x' })).status, 404, 'another county cannot file for this union');
  });

  it('goes through the county, then the city; another county can neither see nor decide', async () => {
    const id = grantIds.living;
    const grant = (await clerk.get(`/api/v1/hardship/grants/${id}`)).body;
    const app = grant.application_id;
    // The application names its grant as every kind names its subject (it was "grant:<id>",
    // shown as payload null).
    assert.deepEqual((await clerk.get(`/api/v1/applications/${app}`)).body.payload, { grant_id: id });
    assert.equal((await other.get(`/api/v1/hardship/grants/${id}`)).status, 404);
    assert.equal((await other.get(`/api/v1/hardship/grants?member_id=${a.id}`)).body.items.length, 0);
    assert.equal((await other.post(`/api/v1/applications/${app}/approve`, {})).status, 404);
    assert.equal((await clerk.post(`/api/v1/applications/${app}/approve`, {})).status, 403, 'a clerk does not decide');
    assert.equal((await clerk.post(`/api/v1/hardship/grants/${id}/pay`)).status, 409, 'not before approval');

    const reviewed = await county.post(`/api/v1/applications/${app}/approve`, { reason: '情况属实' });
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    assert.equal(reviewed.body.state, 'submitted');
    assert.equal(reviewed.body.stage, 1);
    let g = (await clerk.get(`/api/v1/hardship/grants/${id}`)).body;
    assert.equal(g.state, 'reviewed');
    assert.equal(g.reviewer_org_name, '金华市总工会');
    assert.equal((await county.post(`/api/v1/applications/${app}/approve`, {})).status, 403, 'the county decided already');

    const approved = await city.post(`/api/v1/applications/${app}/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');
    g = (await clerk.get(`/api/v1/hardship/grants/${id}`)).body;
    assert.equal(g.state, 'approved');
    assert.deepEqual(g.history.map((e) => e.action), ['create', 'review', 'approve']);

    // A county-tier archive's grant: the county approves alone.
    const bg = await clerk.post('/api/v1/hardship/grants', { member_id: b.id, category: 'living', amount_fen: 2 * S, reason: '失业期间生活困难' });
    assert.equal(bg.status, 201, JSON.stringify(bg.body));
    assert.equal(bg.body.tier, 'county');
    grantIds.b = bg.body.id;
    const done = await county.post(`/api/v1/applications/${bg.body.application_id}/approve`, {});
    assert.equal(done.body.state, 'approved');
    assert.equal((await clerk.get(`/api/v1/hardship/grants/${bg.body.id}`)).body.state, 'approved');
  });

  it('pays an approved grant to the card once, however often asked', async () => {
    const id = grantIds.living;
    const paid = await clerk.post(`/api/v1/hardship/grants/${id}/pay`);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.state, 'paying');
    assert.equal(paid.body.method, 'card');
    assert.equal(paid.body.payout_state, 'pending');
    assert.equal(paid.body.disbursed_on, today());
    const again = await clerk.post(`/api/v1/hardship/grants/${id}/pay`);
    assert.equal(again.status, 200);
    assert.equal(again.body.state, 'paying');
    const items = (await payoutItems(city, a.id)).filter((i) => i.source_id === `grant:${id}`);
    assert.equal(items.length, 1, 'one payout item');
    assert.equal(items[0].amount_fen, 8 * S);
    assert.equal(items[0].fund, 'hardship');
    assert.equal((await clerk.post(`/api/v1/hardship/grants/${id}/in-kind`, { signed_by: '某人', signed_on: today() })).status, 409, 'paid already');
  });

  it('records a grant given in kind with who signed for it and when', async () => {
    const id = grantIds.b;
    const noSigner = await clerk.post(`/api/v1/hardship/grants/${id}/in-kind`, { signed_on: today() });
    assert.equal(noSigner.status, 400);
    assert.equal(noSigner.body.field, 'signed_by');
    assert.equal((await clerk.post(`/api/v1/hardship/grants/${id}/in-kind`, { signed_by: '帮扶乙', signed_on: '2999-01-01' })).body.field, 'signed_on');
    const given = await clerk.post(`/api/v1/hardship/grants/${id}/in-kind`, { signed_by: '帮扶乙', signed_on: today(), note: '米面油及慰问品' });
    assert.equal(given.status, 200, JSON.stringify(given.body));
    assert.equal(given.body.state, 'given');
    assert.equal(given.body.method, 'in_kind');
    assert.equal(given.body.signed_by, '帮扶乙');
    assert.equal(given.body.signed_on, today());
    assert.equal((await clerk.post(`/api/v1/hardship/grants/${id}/in-kind`, { signed_by: '帮扶乙', signed_on: today() })).status, 409);
    assert.equal((await clerk.post(`/api/v1/hardship/grants/${id}/pay`)).status, 409, 'given already');
    assert.equal((await payoutItems(city, b.id)).length, 0, 'nothing to the card');
  });

  it('returns a grant with a reason; changed, submitted again, returned again and cancelled, it frees its room', async () => {
    const id = grantIds.rest;
    const app = (await clerk.get(`/api/v1/hardship/grants/${id}`)).body.application_id;
    assert.equal((await county.post(`/api/v1/applications/${app}/return`, {})).status, 400, 'a return needs a reason');
    assert.equal((await county.post(`/api/v1/applications/${app}/return`, { reason: '请补充收入证明' })).status, 200);
    let g = (await clerk.get(`/api/v1/hardship/grants/${id}`)).body;
    assert.equal(g.state, 'returned');
    assert.equal(g.return_reason, '请补充收入证明');
    const changed = await clerk.put(`/api/v1/hardship/grants/${id}`, { amount_fen: 3 * S, reason: '已补充收入证明' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.amount_fen, 3 * S);
    assert.equal((await clerk.put(`/api/v1/hardship/grants/${id}`, { amount_fen: 5 * S, reason: '多一些' })).status, 409, 'still within the limit');
    const again = await clerk.post(`/api/v1/hardship/grants/${id}/submit`);
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.state, 'submitted');
    assert.equal((await clerk.post(`/api/v1/hardship/grants/${id}/cancel`, { reason: 'x' })).status, 409, 'not while under review');
    await county.post(`/api/v1/applications/${app}/return`, { reason: '本年度已足额救助' });
    g = (await clerk.post(`/api/v1/hardship/grants/${id}/cancel`, { reason: '不再申请' })).body;
    assert.equal(g.state, 'cancelled');
    const cancelled = (await county.get(`/api/v1/audit?entity=hardship_grant&entity_id=${id}&action=cancel`)).body.items;
    assert.deepEqual(cancelled.map((r) => [JSON.parse(r.before).state, JSON.parse(r.after).state]), [['returned', 'cancelled']], 'the audit keeps the grant before and after');
    const room = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=living`);
    assert.equal(room.body.granted_fen, 8 * S);
    assert.equal(room.body.remaining_fen, 4 * S);
  });

  it('gives temporary aid only to a worker without an archive, 3 000 yuan a year', async () => {
    const noArchive = await clerk.post('/api/v1/hardship/grants', { member_id: c.id, category: 'living', amount_fen: 10000, reason: 'x' });
    assert.equal(noArchive.status, 409);
    assert.equal(noArchive.body.field, 'member_id');
    const withArchive = await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'temporary', amount_fen: 10000, reason: 'x' });
    assert.equal(withArchive.status, 409);
    assert.equal(withArchive.body.field, 'category');
    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: c.id, category: 'temporary', amount_fen: 300001, reason: '突发困难' })).status, 409);
    const t = await clerk.post('/api/v1/hardship/grants', { member_id: c.id, category: 'temporary', amount_fen: 300000, reason: '家中失火' });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    assert.equal(t.body.archive_id, null);
    assert.equal(t.body.tier, 'county');
    const second = await clerk.post('/api/v1/hardship/grants', { member_id: c.id, category: 'temporary', amount_fen: 1, reason: '再次' });
    assert.equal(second.status, 409);
    assert.match(second.body.detail, /本年度已发放临时救助 3000.00 元，尚可发放 0.00 元/);
    const approved = await county.post(`/api/v1/applications/${t.body.application_id}/approve`, {});
    assert.equal(approved.body.state, 'approved', 'the county approves temporary aid alone');
    assert.equal((await clerk.post(`/api/v1/hardship/grants/${t.body.id}/pay`)).body.state, 'paying');
    grantIds.temporary = t.body.id;
  });

  it('measures schooling aid per child by school level', async () => {
    const uni = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=schooling&child=${encodeURIComponent('甲大儿')}`);
    assert.equal(uni.status, 200, JSON.stringify(uni.body));
    assert.equal(uni.body.limit_fen, 10 * S, 'university: 10 months, the school level from the household');
    const senior = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=schooling&child=${encodeURIComponent('甲小女')}`);
    assert.equal(senior.body.limit_fen, 6 * S);
    const primary = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=schooling&child=${encodeURIComponent('甲小女')}&school_level=primary`);
    assert.equal(primary.status, 400);
    assert.equal(primary.body.field, 'school_level');
    const stranger = await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'schooling', child: '别人家孩子', amount_fen: 100, reason: 'x' });
    assert.equal(stranger.body.field, 'child');
    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'schooling', child: '甲大儿', amount_fen: 10 * S, reason: '大学学费' })).status, 201);
    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'schooling', child: '甲大儿', amount_fen: 1, reason: '再次' })).status, 409);
    assert.equal((await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'schooling', child: '甲小女', amount_fen: 6 * S, reason: '高中学费' })).status, 201, 'each child has its own limit');
  });

  it('shows beside medical aid what mutual aid paid the member this year', async () => {
    // Two claims of this year paid by mutual aid (one of them reversed since), one of last year.
    const at = Math.floor(Date.now() / 1000);
    sql(`INSERT INTO aid_claim (plan_code, settlement_id, member_id, outcome, visit, eligible_fen, benefit_fen, lump_fen, reversed, discharge_date, created_at) VALUES
      ('T${a.id}', 'paid-1', ${a.id}, 'paid', 0, 0, 400000, 100000, 0, '${YEAR}-03-01', ${at}),
      ('T${a.id}', 'paid-2', ${a.id}, 'paid', 0, 0, 900000, 0, 1, '${YEAR}-04-01', ${at}),
      ('T${a.id}', 'paid-3', ${a.id}, 'paid', 0, 0, 700000, 0, 0, '${YEAR - 1}-12-20', ${at})`);
    const room = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=medical&self_paid_fen=1500000`);
    assert.equal(room.status, 200, JSON.stringify(room.body));
    assert.equal(room.body.mutual_aid_paid_fen, 500000);
    assert.equal(room.body.limit_fen, 1000000, '15 000 paid itself, 5 000 back from mutual aid');
    assert.match(room.body.text, /自付 15000.00 元 − 医疗互助已赔付 5000.00 元 = 10000.00 元/);
    const nothing = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=medical&self_paid_fen=0`);
    assert.equal(nothing.status, 200, 'nothing paid yet is an amount');
    assert.equal(nothing.body.remaining_fen, 0);
    assert.equal((await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=medical&self_paid_fen=-1`)).body.field, 'self_paid_fen');
    const capped = await clerk.get(`/api/v1/hardship/grants/room?member_id=${a.id}&category=medical&self_paid_fen=9000000`);
    assert.equal(capped.body.limit_fen, 2000000, 'at most 20 000 yuan a year');
    const over = await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'medical', self_paid_fen: 1500000, amount_fen: 1000001, reason: '住院' });
    assert.equal(over.status, 409);
    const ok = await clerk.post('/api/v1/hardship/grants', { member_id: a.id, category: 'medical', self_paid_fen: 1500000, amount_fen: 1000000, reason: '住院' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.mutual_aid_paid_fen, 500000);
  });

  it('draws a campaign from the active archives, checks it against the budget, pays it once', async () => {
    const created = await county.post('/api/v1/hardship/campaigns', {
      kind: 'spring_warmth', name: `${YEAR}年春节送温暖`, year: YEAR, budget_fen: 120000, method: 'card',
      standards: { deep: 100000, relative: 50000 }, org_ids: [union.id],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.state, 'draft');
    assert.deepEqual(created.body.orgs.map((o) => o.org_id), [union.id]);
    springId = created.body.id;
    assert.equal((await other.get(`/api/v1/hardship/campaigns/${springId}`)).status, 404, 'another county does not see it');
    assert.equal((await county.post('/api/v1/hardship/campaigns', { kind: 'spring_warmth', name: 'x', budget_fen: 1, standards: { deep: 1 }, org_ids: [other.me.org_id] })).body.field, 'org_ids[0]');
    assert.equal((await county.post('/api/v1/hardship/campaigns', { kind: 'spring_warmth', name: 'x', budget_fen: 1, standards: { outdoor: 1 } })).body.field, 'standards.outdoor');

    const drawn = await county.post(`/api/v1/hardship/campaigns/${springId}/draw`);
    assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
    assert.equal(drawn.body.added, 2);
    assert.equal(drawn.body.campaign.state, 'drawn');
    assert.equal(drawn.body.campaign.progress.planned_fen, 150000);
    assert.equal((await county.post(`/api/v1/hardship/campaigns/${springId}/draw`)).body.added, 0, 'drawing again adds only who is new');
    const targets = await clerk.get(`/api/v1/hardship/campaigns/${springId}/targets`);
    assert.deepEqual(targets.body.items.map((t) => [t.member_id, t.basis, t.amount_fen]).sort(), [[a.id, 'deep', 100000], [b.id, 'relative', 50000]].sort());

    const over = await county.post(`/api/v1/hardship/campaigns/${springId}/check`);
    assert.equal(over.status, 409, 'over the budget');
    assert.equal(over.body.field, 'budget_fen');
    assert.equal((await county.put(`/api/v1/hardship/campaigns/${springId}/targets/${b.id}`, { included: true, amount_fen: 20000 })).body.field, 'reason');
    const adjusted = await county.put(`/api/v1/hardship/campaigns/${springId}/targets/${b.id}`, { included: true, amount_fen: 20000, reason: '已领取单位慰问，酌减' });
    assert.equal(adjusted.status, 200, JSON.stringify(adjusted.body));
    assert.equal(adjusted.body.amount_fen, 20000);
    assert.equal((await clerk.post(`/api/v1/hardship/campaigns/${springId}/check`)).status, 403, 'a clerk does not check');
    const checked = await county.post(`/api/v1/hardship/campaigns/${springId}/check`);
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    assert.equal(checked.body.state, 'checked');
    assert.equal(checked.body.progress.planned_fen, 120000);
    const audited = (await county.get(`/api/v1/audit?entity=hardship_campaign&entity_id=${springId}&action=check`)).body.items;
    assert.deepEqual(audited.map((r) => [JSON.parse(r.before).state, JSON.parse(r.after).state]), [['drawn', 'checked']]);
    assert.equal((await county.post(`/api/v1/hardship/campaigns/${springId}/draw`)).status, 409, 'no drawing once checked');

    const paid = await county.post(`/api/v1/hardship/campaigns/${springId}/pay`);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.requested, 2);
    assert.equal(paid.body.amount_fen, 120000);
    assert.equal(paid.body.campaign.state, 'closed');
    assert.equal(paid.body.campaign.progress.requested_fen, 120000);
    assert.equal(paid.body.campaign.progress.percent, 100);
    assert.equal(paid.body.campaign.progress.budget_left_fen, 0);
    const again = await county.post(`/api/v1/hardship/campaigns/${springId}/pay`);
    assert.equal(again.status, 200);
    assert.equal(again.body.requested, 0, 'nothing new');
    assert.equal(again.body.already, 2);
    for (const m of [a, b]) {
      const items = (await payoutItems(city, m.id)).filter((i) => i.source_id === `campaign:${springId}:${m.id}`);
      assert.equal(items.length, 1);
      assert.equal(items[0].fund, 'campaign');
    }
    const listed = await county.get(`/api/v1/hardship/campaigns?year=${YEAR}&kind=spring_warmth`);
    assert.ok(listed.body.items.some((k) => k.id === springId));
    assert.equal((await other.get(`/api/v1/hardship/campaigns?year=${YEAR}`)).body.items.some((k) => k.id === springId), false);
  });

  it('draws summer cooling from outdoor members too, given in kind and signed for', async () => {
    const created = await county.post('/api/v1/hardship/campaigns', {
      kind: 'summer_cooling', name: `${YEAR}年夏送清凉`, budget_fen: 100000, method: 'in_kind',
      standards: { deep: 10000, outdoor: 5000 }, org_ids: [union.id],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    summerId = created.body.id;
    const drawn = await county.post(`/api/v1/hardship/campaigns/${summerId}/draw`);
    assert.equal(drawn.body.added, 4, 'a deep archive at its standard, three front-line members at the outdoor one');
    const lines = (await county.get(`/api/v1/hardship/campaigns/${summerId}/targets`)).body.items;
    assert.deepEqual(lines.map((t) => [t.member_id, t.basis, t.amount_fen]).sort(),
      [[a.id, 'deep', 10000], [b.id, 'outdoor', 5000], [c.id, 'outdoor', 5000], [d.id, 'outdoor', 5000]].sort());
    const removed = await county.put(`/api/v1/hardship/campaigns/${summerId}/targets/${d.id}`, { included: false, reason: '本月已调离' });
    assert.equal(removed.body.state, 'removed');
    assert.equal((await county.post(`/api/v1/hardship/campaigns/${summerId}/check`)).status, 200);
    assert.equal((await county.post(`/api/v1/hardship/campaigns/${summerId}/pay`)).status, 409, 'in kind, not to the card');
    const one = await county.post(`/api/v1/hardship/campaigns/${summerId}/distribute`, { member_ids: [a.id], signed_by: '甲妻', signed_on: today() });
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(one.body.given, 1);
    assert.equal(one.body.campaign.state, 'checked');
    const rest = await county.post(`/api/v1/hardship/campaigns/${summerId}/distribute`, { signed_on: today() });
    assert.equal(rest.body.given, 2);
    assert.equal(rest.body.campaign.state, 'closed');
    assert.equal(rest.body.campaign.progress.given_fen, 20000);
    assert.equal(rest.body.campaign.progress.percent, 20);
    const given = (await county.get(`/api/v1/hardship/campaigns/${summerId}/targets?state=given`)).body.items;
    assert.deepEqual(given.map((t) => [t.member_id, t.signed_by]).sort(), [[a.id, '甲妻'], [b.id, '帮扶乙'], [c.id, '帮扶丙']].sort());
    assert.equal((await county.get(`/api/v1/hardship/campaigns/${summerId}/targets?state=removed`)).body.items[0].reason, '本月已调离');
  });

  it('reports what was granted in the seeds\' words, equal to the grants, and exports it', async () => {
    const r = await county.get(`/api/v1/hardship/reports?org_id=${union.id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const by = Object.fromEntries(r.body.grants.map((l) => [l.category, l]));
    // Disbursed: A's living aid to the card, B's in kind, C's temporary aid; the schooling and
    // medical grants are still waiting for approval.
    assert.deepEqual([by.living.amount_fen, by.living.person_times, by.living.people], [10 * S, 2, 2]);
    assert.deepEqual([by.temporary.amount_fen, by.temporary.person_times], [300000, 1]);
    assert.deepEqual([by.schooling.amount_fen, by.medical.amount_fen], [0, 0]);
    const wan = (fen) => (fen >= 1000000 ? `${(Math.round(fen / 10000) / 100).toFixed(2)}万元` : `${(fen / 100).toFixed(2).replace(/\.00$/, '')}元`);
    assert.equal(by.living.text, `发放生活救助${wan(10 * S)}，帮扶2人次`);
    const camp = Object.fromEntries(r.body.campaigns.map((l) => [l.kind, l]));
    assert.deepEqual([camp.spring_warmth.amount_fen, camp.spring_warmth.person_times], [120000, 2]);
    assert.deepEqual([camp.summer_cooling.amount_fen, camp.summer_cooling.person_times], [20000, 3]);
    assert.equal(r.body.total.amount_fen, 10 * S + 300000 + 120000 + 20000);
    assert.equal(r.body.total.person_times, 8);
    assert.equal(r.body.total.people, 3);
    assert.match(r.body.text, /发放生活救助.*帮扶2人次；发放临时救助3000元，帮扶1人次；送温暖发放1200元，慰问2人次；夏送清凉发放200元，慰问3人次/);
    assert.equal(r.body.archives.open, 2);
    assert.deepEqual(r.body.archives.by_level.map((l) => [l.level, l.count]), [['deep', 1], ['relative', 1], ['accidental', 0]]);
    const causes = Object.fromEntries(r.body.archives.by_cause.map((x) => [x.cause, x.count]));
    assert.deepEqual([causes.illness, causes.schooling, causes.unemployment, causes.disaster], [1, 1, 1, 0]);
    assert.equal(r.body.archives.new, 2);
    assert.equal(r.body.archives.exited, 0);

    // The township above sees the union among the organisations below it.
    const up = await county.get(`/api/v1/hardship/reports?org_id=${clerk.me.org_id}`);
    const row = up.body.orgs.find((o) => o.org_id === union.id);
    assert.equal(row.amount_fen, r.body.total.amount_fen);
    assert.equal(row.person_times, 8);
    // A period before anything was granted.
    const before = await county.get(`/api/v1/hardship/reports?org_id=${union.id}&from=2001-01-01&to=2001-12-31`);
    assert.equal(before.body.total.amount_fen, 0);
    assert.equal((await county.get(`/api/v1/hardship/reports?org_id=${union.id}&from=2026-13-01`)).body.field, 'from');
    assert.equal((await other.get(`/api/v1/hardship/reports?org_id=${union.id}`)).status, 404);

    const started = await county.post('/api/v1/exports', { list: 'hardship_report', filters: { org_id: String(union.id) } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitJob(county, started.body.id);
    assert.equal(job.state, 'done', JSON.stringify(job));
    const file = await county.get(`/api/v1/jobs/${job.id}/file`);
    assert.match(file.headers.get('content-type'), /spreadsheetml/);
    const sheet = await readSheet(file.bytes);
    assert.deepEqual(sheet[0], ['分类', '项目', '金额（元）', '人次', '人数', '说明']);
    const living = sheet.find((row) => row[1] === '生活救助');
    assert.equal(living[2], (10 * S / 100).toFixed(2));
    assert.equal(Number(living[3]), 2);

    const grants = await county.post('/api/v1/exports', { list: 'hardship_grants', filters: { org_id: String(union.id) } });
    const gjob = await waitJob(county, grants.body.id);
    assert.equal(gjob.state, 'done', JSON.stringify(gjob));
    assert.equal(gjob.summary.rows, (await county.get(`/api/v1/hardship/grants?org_id=${union.id}&limit=200`)).body.items.length);
  });

  it('shows the member the grants received on the portal', async () => {
    const portal = new Client();
    const act = await portal.post('/api/v1/portal/activate', { phone: a.phone, id_number: a.idNumber, password: 'hardship-aid-portal-1' });
    assert.equal(act.status, 200, JSON.stringify(act.body));
    const r = await portal.get('/api/v1/portal/hardship/grants');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((g) => [g.category, g.amount_fen, g.state]), [['living', 8 * S, 'paying']]);
    assert.deepEqual(r.body.campaigns.map((l) => [l.kind, l.amount_fen, l.state]).sort(),
      [['spring_warmth', 100000, 'paying'], ['summer_cooling', 10000, 'given']].sort());
    assert.equal((await new Client().get('/api/v1/portal/hardship/grants')).status, 401);
  });

  it('reads a grant and a campaign line as paid once their payout items are, and lists filter on it', async () => {
    // The items are marked paid as a reconciliation would, and put back after for the ledger's
    // sake; the payout module alone says what is paid (hardship reads no payout table).
    const items = `source_module = 'hardship' AND source_id IN ('grant:${grantIds.living}', 'campaign:${springId}:${a.id}')`;
    sql(`UPDATE payout_item SET state = 'paid' WHERE ${items} AND state = 'pending'`);
    try {
      const g = (await clerk.get(`/api/v1/hardship/grants/${grantIds.living}`)).body;
      assert.deepEqual([g.state, g.payout_state], ['paid', 'paid']);
      const paid = await clerk.get(`/api/v1/hardship/grants?member_id=${a.id}&state=paid&limit=1`);
      assert.equal(paid.status, 200, JSON.stringify(paid.body));
      assert.deepEqual(paid.body.items.map((x) => x.id), [grantIds.living]);
      assert.equal(paid.body.next_cursor, null);
      const paying = (await clerk.get(`/api/v1/hardship/grants?member_id=${a.id}&state=paying&limit=200`)).body.items;
      assert.deepEqual(paying, [], 'a paid grant is not listed as paying');

      const campaign = (await county.get(`/api/v1/hardship/campaigns/${springId}`)).body;
      assert.equal(campaign.progress.paid_fen, 100000);
      assert.equal(campaign.progress.requested_fen, 120000);
      // Newest member first: b's line (still paying) is read and dropped before a's is found.
      assert.ok(b.id > a.id);
      const lines = await county.get(`/api/v1/hardship/campaigns/${springId}/targets?state=paid&limit=1`);
      assert.equal(lines.status, 200, JSON.stringify(lines.body));
      assert.deepEqual(lines.body.items.map((t) => [t.member_id, t.state, t.payout_state]), [[a.id, 'paid', 'paid']]);
      assert.equal(lines.body.next_cursor, null);
      const stillPaying = (await county.get(`/api/v1/hardship/campaigns/${springId}/targets?state=paying&limit=200`)).body.items;
      assert.deepEqual(stillPaying.map((t) => [t.member_id, t.state, t.payout_state]), [[b.id, 'paying', 'pending']]);

      const portal = new Client();
      assert.equal((await portal.post('/api/v1/portal/login', { phone: a.phone, password: 'hardship-aid-portal-1' })).status, 200);
      const mine = (await portal.get('/api/v1/portal/hardship/grants')).body;
      assert.deepEqual(mine.items.map((x) => x.state), ['paid']);
      assert.equal(mine.campaigns.find((l) => l.kind === 'spring_warmth').state, 'paid');
    } finally {
      sql(`UPDATE payout_item SET state = 'pending' WHERE ${items}`);
    }
    assert.equal((await clerk.get(`/api/v1/hardship/grants/${grantIds.living}`)).body.state, 'paying');
  });

  it('audits every change of a grant and a campaign', async () => {
    const audit = await city.get(`/api/v1/audit?entity=hardship_grant&entity_id=${grantIds.living}`);
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.deepEqual(audit.body.items.map((e) => e.action).reverse(), ['create', 'pay']);
    const campaign = await city.get(`/api/v1/audit?entity=hardship_campaign&entity_id=${springId}`);
    assert.deepEqual(campaign.body.items.map((e) => e.action).reverse(), ['create', 'draw', 'draw', 'target', 'check', 'pay']);
  });
});
