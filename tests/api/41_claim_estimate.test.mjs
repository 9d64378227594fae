// The member's claims on the portal with the estimate of what the rules would pay, before a
// decision: the same rules run as the approval runs, so the estimate is what the approval then
// pays; a claim the rules refuse has no estimate but their reason; once decided the claim shows
// the decided amount and no estimate. Another member's claim is no claim (404). And the member's
// payments are paged by a cursor like every list.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, chinaYear, memberBody, newId, uniqueName } from './lib.mjs';

const tag = `${process.pid % 10000}${Date.now() % 100000}`;
const CODE = `E${tag}`;
const LAST = chinaYear() - 1; // every stay is last year's: never after the day of submission

const plan = {
  code: CODE, name: `预估测试方案 ${CODE}`, start: `${LAST}-01-01`, end: `${LAST + 1}-12-31`, contribution_fen: 5000,
  waiting_days: 90, overall_cap_fen: 6000000,
  benefits: [
    { visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000,
      tiers: [{ up_to_fen: 1000000, percent: 50 }, { up_to_fen: 5000000, percent: 60 }, { up_to_fen: null, percent: 70 }] },
    { visit_type: 'special_outpatient', deductible_fen: 100000, cap_fen: 1000000, tiers: [{ up_to_fen: null, percent: 40 }] }],
  critical_illness: { icd10_prefixes: ['C'], lump_sum_fen: 500000 },
};
const claimBody = (over = {}) => ({
  plan_code: CODE, visit_type: 'inpatient', hospital: '金华市中心医院', admission_date: `${LAST}-06-01`,
  discharge_date: `${LAST}-06-09`, diagnosis_code: 'K35.8', total: '30000.00', fund_paid: '18000.00',
  self_paid_in_scope: '9000.00', self_paid_out_of_scope: '3000.00', ...over,
});
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF estimate invoice')]);

describe('the portal\'s claims: the estimate before a decision is what the decision pays', () => {
  let city, county, clerk, union, a, late, b, portalA, portalLate, portalB;

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('预估测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const add = async (name, n) => {
      const id = newId();
      const phone = `136${String((Date.now() + n) % 1e8).padStart(8, '0')}`;
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: id, phone }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const portal = new Client();
      const act = await portal.post('/api/v1/portal/activate', { phone, id_number: id, password: 'estimate-pass-2026' });
      assert.equal(act.status, 200, JSON.stringify(act.body));
      return [{ ...r.body, idNumber: id }, portal];
    };
    [a, portalA] = await add('预估甲', 1);
    [b, portalB] = await add('预估乙', 2);
    assert.equal((await city.post('/api/v1/aid/plans', plan)).status, 201);
    const all = await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { org_id: union.id, start: `${LAST}-01-01` });
    assert.equal(all.status, 200, JSON.stringify(all.body));
    // Enrolled later: a stay in August is within the waiting period (until the end of September).
    [late, portalLate] = await add('预估丙', 3);
    const one = await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { start: `${LAST}-07-01`, member_ids: [late.id] });
    assert.equal(one.body.enrolled, 1, JSON.stringify(one.body));
  });

  const submit = async (portal, over) => {
    const r = await portal.post('/api/v1/portal/aid/claims', claimBody(over));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const f = await portal.request('POST', `/api/v1/portal/aid/claims/${r.body.id}/files?file_name=invoice.jpg`, { raw: JPEG });
    assert.equal(f.status, 201, JSON.stringify(f.body));
    return r.body.id;
  };
  const decide = async (id) => {
    assert.equal((await clerk.post(`/api/v1/aid/hand-claims/${id}/check`)).status, 200);
    const r = await county.post(`/api/v1/aid/hand-claims/${id}/approve`);
    return r;
  };
  const mine = async (portal, id) => {
    const list = await portal.get('/api/v1/portal/aid/claims');
    assert.equal(list.status, 200);
    const one = await portal.get(`/api/v1/portal/aid/claims/${id}`);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    const listed = list.body.items.find((c) => c.id === id);
    assert.deepEqual(
      [listed.estimate_fen, listed.estimate_outcome, listed.estimate_reason, listed.amount_fen, listed.state],
      [one.body.estimate_fen, one.body.estimate_outcome, one.body.estimate_reason, one.body.amount_fen, one.body.state],
      'the list and the claim say the same');
    return one.body;
  };

  it('shows the rules\' amount as an estimate, and the approval pays exactly it', async () => {
    const first = await submit(portalA, { diagnosis_code: 'C34.1' });
    const before = await mine(portalA, first);
    // 9000 in scope − 500 deductible = 8500 at 50 %, plus the lump sum of C34.1: 9250 yuan.
    assert.equal(before.estimate_fen, 925000);
    assert.equal(before.estimate_outcome, 'paid');
    assert.equal(before.amount_fen, null, 'nothing decided yet');
    assert.match(before.estimate_reason, /9000\.00/);
    assert.match(before.estimate_reason, /大病一次性补助 5000\.00/);
    assert.match(before.estimate_reason_en, /lump sum of 5000\.00/);
    assert.equal(before.files.length, 1);
    assert.equal(before.preview, undefined, 'the portal has its own words for it');

    // A second stay, submitted before the first is decided: its estimate grows from the same
    // running totals (nothing decided yet), then the first's approval moves them on.
    const second = await submit(portalA, { admission_date: `${LAST}-08-01`, discharge_date: `${LAST}-08-05`, self_paid_in_scope: '12000.00', total: '32000.00', fund_paid: '17000.00' });
    // Above the 500 deductible: 10000 at 50 % and 1500 at 60 %.
    assert.equal((await mine(portalA, second)).estimate_fen, 590000);

    const approved = await decide(first);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.amount_fen, before.estimate_fen, 'the estimate was what the rules pay');
    const after = await mine(portalA, first);
    assert.deepEqual([after.state, after.amount_fen, after.estimate_fen, after.estimate_outcome, after.estimate_reason], ['approved', 925000, null, null, '']);

    // E is now 9000 in scope (8500 above the deductible): the second's 12000 is 1500 more at
    // 50 % and 10500 at 60 %, and its estimate says so before its approval pays it.
    const now = await mine(portalA, second);
    assert.equal(now.estimate_fen, 75000 + 630000);
    const paid = await decide(second);
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    assert.equal(paid.body.amount_fen, now.estimate_fen);
    assert.equal((await mine(portalA, second)).amount_fen, now.estimate_fen);
  });

  it('estimates 0 below the deductible, with what it was computed from', async () => {
    const id = await submit(portalB, { self_paid_in_scope: '300.00', total: '1000.00', fund_paid: '700.00', self_paid_out_of_scope: '0.00' });
    const c = await mine(portalB, id);
    assert.deepEqual([c.estimate_fen, c.estimate_outcome], [0, 'zero']);
    assert.match(c.estimate_reason, /0 元/);
    const decided = await decide(id);
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.amount_fen, 0);
  });

  it('gives no estimate for a claim the rules refuse, but their reason; and none once rejected', async () => {
    const waiting = await submit(portalLate, { admission_date: `${LAST}-08-01`, discharge_date: `${LAST}-08-05` });
    const c = await mine(portalLate, waiting);
    assert.equal(c.estimate_fen, null);
    assert.equal(c.estimate_outcome, 'waiting_period');
    assert.match(c.estimate_reason, new RegExp(`等待期至 ${LAST}-09-29`));
    assert.match(c.estimate_reason_en, /waiting period/);
    // The decision refuses it with the same reason.
    const refused = await decide(waiting);
    assert.equal(refused.status, 409);
    assert.match(refused.body.message ?? JSON.stringify(refused.body), /等待期|waiting/);

    const rejected = await submit(portalLate, { admission_date: `${LAST}-11-01`, discharge_date: `${LAST}-11-05` });
    assert.equal((await mine(portalLate, rejected)).estimate_fen, 925000 - 500000, 'after the waiting period the rules pay');
    assert.equal((await clerk.post(`/api/v1/aid/hand-claims/${rejected}/reject`, { reason: '票据与住院日期不符' })).status, 200);
    const r = await mine(portalLate, rejected);
    assert.deepEqual([r.state, r.amount_fen, r.estimate_fen, r.estimate_outcome, r.reason], ['rejected', null, null, null, '票据与住院日期不符']);
  });

  it('answers another member\'s claim, a claim of no one and a malformed id as no claim', async () => {
    const id = (await portalA.get('/api/v1/portal/aid/claims')).body.items[0].id;
    const other = await portalB.get(`/api/v1/portal/aid/claims/${id}`);
    assert.equal(other.status, 404);
    assert.doesNotMatch(other.text, /金华市中心医院|预估甲/);
    assert.ok(!(await portalB.get('/api/v1/portal/aid/claims')).body.items.some((c) => c.id === id));
    assert.equal((await portalB.get('/api/v1/portal/aid/claims/999999999')).status, 404);
    assert.equal((await portalB.get('/api/v1/portal/aid/claims/abc')).status, 404);
    assert.equal((await new Client().get(`/api/v1/portal/aid/claims/${id}`)).status, 401);
    assert.equal((await clerk.get(`/api/v1/portal/aid/claims/${id}`)).status, 401, 'a clerk has no portal session');
  });

  it('pages the member\'s payments by a cursor, newest first', async () => {
    const all = await portalA.get('/api/v1/portal/payments');
    assert.equal(all.status, 200);
    assert.equal(all.body.items.length, 2, 'the two approved claims');
    assert.equal(all.body.next_cursor, null);
    const first = await portalA.get('/api/v1/portal/payments?limit=1');
    assert.deepEqual(first.body.items.map((p) => p.id), [all.body.items[0].id]);
    assert.equal(typeof first.body.next_cursor, 'string');
    const next = await portalA.get(`/api/v1/portal/payments?limit=1&cursor=${first.body.next_cursor}`);
    assert.deepEqual(next.body.items.map((p) => [p.id, p.amount_fen, p.state]), [[all.body.items[1].id, all.body.items[1].amount_fen, 'pending']]);
    assert.equal(next.body.next_cursor, null, 'the last page says so');
    assert.deepEqual(all.body.items.map((p) => p.amount_fen).sort(), [705000, 925000].sort());
    for (const bad of ['limit=0', 'limit=201', 'cursor=abc']) {
      const r = await portalA.get(`/api/v1/portal/payments?${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.field, bad.split('=')[0]);
    }
    assert.deepEqual((await portalB.get('/api/v1/portal/payments')).body.items, [], 'B\'s zero was not a payment');
  });
});
