// Four eyes on the clerk's daily work (issue 15, items 5 and 6): a claim by hand is checked by
// one person and approved by another, approved without an invoice only with a stated reason,
// and never for a stay after the day it was submitted; an establishment puts the union under
// the federation chosen (proposed from its division, within the filer's scope), and a union's
// page names its ancestors.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, chinaToday, memberBody, newId, uniqueName, sql } from './lib.mjs';

const tag = `${process.pid % 10000}${Date.now() % 100000}`;
const CODE = `E${tag}`;
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF invoice photo')]);

const plan = {
  code: CODE, name: `四眼测试方案 ${CODE}`, start: '2025-01-01', end: '2026-12-31', contribution_fen: 5000,
  waiting_days: 0, overall_cap_fen: 6000000,
  benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
  critical_illness: { icd10_prefixes: ['C'], lump_sum_fen: 500000 },
};
const claimBody = (over = {}) => ({
  plan_code: CODE, visit_type: 'inpatient', hospital: '上海瑞金医院', admission_date: '2025-06-01',
  discharge_date: '2025-06-09', diagnosis_code: 'K35.8', total: '30000.00', fund_paid: '14440.00',
  self_paid_in_scope: '12560.00', self_paid_out_of_scope: '3000.00', ...over,
});
// A China date `days` after today.
const dayAfterToday = (days) => new Date(Date.parse(`${chinaToday()}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);

describe('claims by hand with four eyes', () => {
  let city, county, clerk, union, member;

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    assert.equal((await city.post('/api/v1/aid/plans', plan)).status, 201);
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('四眼测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const m = await clerk.post('/api/v1/members', memberBody(union.id, { name: '四眼甲', id_number: newId() }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    member = m.body;
    const enrol = await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { org_id: union.id, start: '2025-01-01' });
    assert.ok(enrol.status < 300, JSON.stringify(enrol.body));
  });

  async function checked(over = {}, withFile = true) {
    const c = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: member.id, ...over }));
    assert.equal(c.status, 201, JSON.stringify(c.body));
    if (withFile) {
      const f = await clerk.request('POST', `/api/v1/aid/hand-claims/${c.body.id}/files?file_name=invoice.jpg`, { raw: JPEG });
      assert.equal(f.status, 201, JSON.stringify(f.body));
    }
    const done = await clerk.post(`/api/v1/aid/hand-claims/${c.body.id}/check`);
    assert.equal(done.body.state, 'checked');
    assert.equal(done.body.checked_by, clerk.me.user_id);
    assert.equal(done.body.checked_by_name, 'township_clerk');
    return c.body.id;
  }

  it('refuses the approval of whoever checked the claim, naming them; another user approves', async () => {
    const id = await checked();
    const same = await clerk.post(`/api/v1/aid/hand-claims/${id}/approve`, {});
    assert.equal(same.status, 403, JSON.stringify(same.body));
    assert.match(same.body.detail, /township_clerk 核对/);
    const english = await clerk.request('POST', `/api/v1/aid/hand-claims/${id}/approve`, { body: {}, headers: { 'accept-language': 'en' } });
    assert.match(english.body.detail, /checked by township_clerk/);
    assert.equal((await clerk.get(`/api/v1/aid/hand-claims/${id}`)).body.state, 'checked', 'nothing changed');
    assert.match(sql(`SELECT 'n=' || COUNT(*) FROM payout_item WHERE source_id = '${CODE}:hand:${id}'`), /n=0\b/, 'nothing to pay');
    const other = await county.post(`/api/v1/aid/hand-claims/${id}/approve`, {});
    assert.equal(other.status, 200, JSON.stringify(other.body));
    assert.equal(other.body.state, 'approved');
    assert.equal(other.body.decided_by_name, 'wucheng_admin');
    assert.equal(other.body.checked_by_name, 'township_clerk');
    assert.equal(other.body.reason, '', 'no reason needed with an invoice');
  });

  it('approves a claim with no invoice only with a reason, kept on the claim and in its audit', async () => {
    const id = await checked({ admission_date: '2025-07-01', discharge_date: '2025-07-09' }, false);
    for (const body of [{}, { reason: '' }, { reason: '  \n ' }]) {
      const refused = await county.post(`/api/v1/aid/hand-claims/${id}/approve`, body);
      assert.equal(refused.status, 400, JSON.stringify(body));
      assert.equal(refused.body.field, 'reason');
      assert.match(refused.body.detail, /没有票据/);
    }
    const tooLong = await county.post(`/api/v1/aid/hand-claims/${id}/approve`, { reason: '长'.repeat(501) });
    assert.deepEqual([tooLong.status, tooLong.body.field], [400, 'reason']);
    assert.equal((await county.get(`/api/v1/aid/hand-claims/${id}`)).body.state, 'checked', 'nothing changed');
    const reason = '医院已出具结算证明，原件由会员补交';
    const ok = await county.post(`/api/v1/aid/hand-claims/${id}/approve`, { reason });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.state, 'approved');
    assert.equal(ok.body.reason, reason);
    assert.equal((await clerk.get(`/api/v1/aid/hand-claims/${id}`)).body.reason, reason, 'shown on the claim');
    const audit = await county.get(`/api/v1/audit?entity=aid_hand_claim&entity_id=${id}&action=approve`);
    assert.equal(audit.body.items[0].reason, reason);
  });

  it('refuses a stay after the day of submission, naming the field', async () => {
    const tomorrow = dayAfterToday(1);
    const admitted = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: member.id, admission_date: tomorrow, discharge_date: dayAfterToday(3) }));
    assert.equal(admitted.status, 400, JSON.stringify(admitted.body));
    assert.equal(admitted.body.field, 'admission_date');
    assert.match(admitted.body.detail, /入院日期.*晚于提交日/);
    // Admitted in the future, "discharged" before: still the admission that is refused first.
    const both = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: member.id, admission_date: tomorrow, discharge_date: '2025-06-09' }));
    assert.deepEqual([both.status, both.body.field], [400, 'admission_date']);
    const discharged = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: member.id, admission_date: chinaToday(), discharge_date: tomorrow }));
    assert.deepEqual([discharged.status, discharged.body.field], [400, 'discharge_date']);
    const reversed = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: member.id, admission_date: '2025-06-09', discharge_date: '2025-06-01' }));
    assert.deepEqual([reversed.status, reversed.body.field], [400, 'admission_date']);
    const today = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: member.id, admission_date: chinaToday(), discharge_date: chinaToday() }));
    assert.equal(today.status, 201, 'a stay of today is claimed today');
    await clerk.post(`/api/v1/aid/hand-claims/${today.body.id}/reject`, { reason: '测试用，撤回' });

    // A claim stored before the check (10-28 for a stay from 11-27) is not approved either.
    const id = await checked({ admission_date: '2025-08-01', discharge_date: '2025-08-09' });
    sql(`UPDATE aid_hand_claim SET admission_date = '2025-11-27', discharge_date = '2025-11-30', submitted_at = ${Date.parse('2025-10-28T10:00:00+08:00') / 1000} WHERE id = ${id}`);
    const stale = await county.post(`/api/v1/aid/hand-claims/${id}/approve`, {});
    assert.equal(stale.status, 409, JSON.stringify(stale.body));
    assert.equal(stale.body.field, 'admission_date');
    assert.match(stale.body.detail, /2025-10-28/);
  });
});

describe('establishment under the chosen parent', () => {
  let city, county, clerk, yiwu, chair;

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    yiwu = await Client.login('yiwu_admin');
    chair = await Client.login('grassroots_chair');
  });

  const payload = (over = {}) => ({
    name: uniqueName('四眼组建测试公司工会'), kind: 'enterprise_union', division_code: '330702', founding_members: 30, term_years: 5,
    committee: [{ name: '张主席', role: 'chair' }, { name: '李经审', role: 'funds_audit_chair' }, { name: '王女工', role: 'women_chair' }], ...over,
  });

  it('proposes the federation of the division within the asker\'s scope', async () => {
    // 婺城's townships share the county's code: the city is offered 婺城区总工会, not itself.
    const forCity = await city.get('/api/v1/orgs?parent_for=330702');
    assert.equal(forCity.status, 200, JSON.stringify(forCity.body));
    assert.deepEqual(forCity.body.items.map((o) => o.id), [county.me.org_id]);
    assert.deepEqual((await county.get('/api/v1/orgs?parent_for=330702')).body.items.map((o) => o.id), [county.me.org_id]);
    // The township's clerk sees no county: the one township of that code in scope is theirs.
    assert.deepEqual((await clerk.get('/api/v1/orgs?parent_for=330702')).body.items.map((o) => o.id), [clerk.me.org_id]);
    assert.deepEqual((await yiwu.get('/api/v1/orgs?parent_for=330702')).body.items, [], 'nothing out of scope');
    const bad = await city.get(`/api/v1/orgs?parent_for=${'9'.repeat(41)}`);
    assert.deepEqual([bad.status, bad.body.field], [400, 'parent_for']);
  });

  it('creates the union under the chosen parent, and its page shows the ancestors', async () => {
    const p = payload({ parent_id: clerk.me.org_id });
    const filed = await county.post('/api/v1/applications', { kind: 'establish', org_id: county.me.org_id, submit: true, payload: p });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const approved = await city.post(`/api/v1/applications/${filed.body.id}/approve`, { reason: '同意' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const found = (await city.get(`/api/v1/orgs?q=${encodeURIComponent(p.name)}`)).body.items;
    assert.equal(found.length, 1);
    assert.equal(found[0].parent_id, clerk.me.org_id, 'under the township chosen, not the filer\'s county');

    const detail = (await city.get(`/api/v1/orgs/${found[0].id}`)).body;
    assert.deepEqual(detail.ancestors.map((a) => a.id), [city.me.org_id, county.me.org_id, clerk.me.org_id]);
    assert.equal(detail.ancestors[0].name, '金华市总工会');
    assert.equal(detail.ancestors[2].kind, 'township_federation');
    // Each sees the ancestors within their own scope only.
    assert.deepEqual((await clerk.get(`/api/v1/orgs/${found[0].id}`)).body.ancestors.map((a) => a.id), [clerk.me.org_id]);
  });

  it('refuses a parent out of the filer\'s scope as missing, and a parent that is no federation', async () => {
    const outside = await county.post('/api/v1/applications', { kind: 'establish', org_id: county.me.org_id, payload: payload({ parent_id: yiwu.me.org_id }) });
    assert.equal(outside.status, 404, JSON.stringify(outside.body));
    assert.equal(outside.body.field, 'parent_id');
    const union = await county.post('/api/v1/applications', { kind: 'establish', org_id: county.me.org_id, payload: payload({ parent_id: chair.me.org_id }) });
    assert.deepEqual([union.status, union.body.field], [400, 'parent_id'], JSON.stringify(union.body));
    const zero = await county.post('/api/v1/applications', { kind: 'establish', org_id: county.me.org_id, payload: payload({ parent_id: 0 }) });
    assert.equal(zero.status, 400, JSON.stringify(zero.body));
    assert.match(zero.body.field, /parent_id$/);
  });
});
