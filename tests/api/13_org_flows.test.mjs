import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, uniqueName } from './lib.mjs';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// A valid unified social credit code (GB 32100) that no other test uses.
function creditCode() {
  let first17 = '913307';
  for (let i = 0; i < 11; i++) first17 += ALPHABET[Math.floor(Math.random() * 31)];
  const sum = [...first17].reduce((a, c, i) => a + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}

describe('organisations in full: enterprises, establishment, re-election, ratings', () => {
  let city, county, clerk, yiwu, chair;

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    yiwu = await Client.login('yiwu_admin');
    chair = await Client.login('grassroots_chair');
  });

  it('registers enterprises with checked credit codes; a failing code only with a reason, audited', async () => {
    const code = creditCode();
    const ok = await clerk.post('/api/v1/enterprises', { credit_code: code.toLowerCase(), name: uniqueName('企业'), division_code: '330702', employees: 50 });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.credit_code, code);
    assert.equal(ok.body.org_id, clerk.me.org_id);
    const again = await clerk.post('/api/v1/enterprises', { credit_code: code, name: '重复', division_code: '330702' });
    assert.equal(again.status, 409);

    const wrong = code.slice(0, 17) + ALPHABET[(ALPHABET.indexOf(code[17]) + 1) % 31];
    const refused = await clerk.post('/api/v1/enterprises', { credit_code: wrong, name: uniqueName('早期企业'), division_code: '330702' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.field, 'credit_code');
    assert.match(refused.body.detail, /校验位不符/);
    const accepted = await clerk.post('/api/v1/enterprises', { credit_code: wrong, name: uniqueName('早期企业'), division_code: '330702', code_override: '1998 年核发的早期代码，已核对营业执照' });
    assert.equal(accepted.status, 201);
    const audit = await county.get(`/api/v1/audit?entity=enterprise&entity_id=${accepted.body.id}`);
    assert.equal(audit.body.items[0].reason, '1998 年核发的早期代码，已核对营业执照');

    for (const [body, field] of [[{ credit_code: 'ABC' }, 'credit_code'], [{ credit_code: code.replace(/.$/, 'I') }, 'credit_code'],
      [{ name: '' }, 'name'], [{ division_code: '999999' }, 'division_code'], [{ employees: -1 }, 'employees']]) {
      const r = await clerk.post('/api/v1/enterprises', { credit_code: creditCode(), name: uniqueName('企业'), division_code: '330702', ...body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.field, field);
    }
    assert.equal((await yiwu.get(`/api/v1/enterprises/${ok.body.id}`)).status, 404);
  });

  it('founds a union through approval: filed, returned with a reason, resubmitted, approved by the level above', async () => {
    const enterprise = (await clerk.post('/api/v1/enterprises', { credit_code: creditCode(), name: uniqueName('组建企业'), division_code: '330702', employees: 40 })).body;
    const before = (await county.get(`/api/v1/orgs/${county.me.org_id}/coverage`)).body;
    const name = `${enterprise.name}工会`;
    const payload = { name, kind: 'enterprise_union', division_code: '330702', enterprise_id: enterprise.id, founding_members: 30, term_years: 5,
      committee: [{ name: '张主席', role: 'chair' }, { name: '李经审', role: 'funds_audit_chair' }, { name: '王女工', role: 'women_chair' }] };

    const small = await clerk.post('/api/v1/applications', { kind: 'establish', org_id: clerk.me.org_id, payload: { ...payload, founding_members: 12 } });
    assert.equal(small.status, 400);
    assert.match(small.body.detail, /组织员/);

    const draft = await clerk.post('/api/v1/applications', { kind: 'establish', org_id: clerk.me.org_id, payload });
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    assert.equal(draft.body.state, 'draft');
    assert.equal(draft.body.reviewer_org_id, county.me.org_id);
    assert.equal((await county.post(`/api/v1/applications/${draft.body.id}/approve`, {})).status, 409, 'a draft is not decided');
    assert.equal((await clerk.post(`/api/v1/applications/${draft.body.id}/submit`, {})).body.state, 'submitted');
    assert.equal((await clerk.post(`/api/v1/applications/${draft.body.id}/approve`, {})).status, 403, 'the township cannot decide');
    assert.equal((await yiwu.get(`/api/v1/applications/${draft.body.id}`)).status, 404, 'another county does not see it');
    const noReason = await county.post(`/api/v1/applications/${draft.body.id}/return`, { reason: ' ' });
    assert.equal(noReason.status, 400);
    const returned = await county.post(`/api/v1/applications/${draft.body.id}/return`, { reason: '请补充委员会名单' });
    assert.equal(returned.body.state, 'returned');
    const fixed = await clerk.put(`/api/v1/applications/${draft.body.id}`, { payload: { ...payload, committee: [...payload.committee, { name: '赵委员', role: 'member' }] } });
    assert.equal(fixed.status, 200);
    assert.equal((await clerk.post(`/api/v1/applications/${draft.body.id}/submit`, {})).body.state, 'submitted');
    const waiting = await county.get('/api/v1/applications?to_review=1');
    assert.ok(waiting.body.items.some((a) => a.id === draft.body.id));

    const approved = await county.post(`/api/v1/applications/${draft.body.id}/approve`, { reason: '材料齐全' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');
    assert.match(approved.body.result, /^330702-\d{4}-\d{6}$/);
    assert.equal((await county.post(`/api/v1/applications/${draft.body.id}/approve`, {})).status, 409, 'approved once only');

    const found = (await county.get(`/api/v1/orgs?q=${encodeURIComponent(name)}`)).body.items;
    assert.equal(found.length, 1);
    assert.equal(found[0].parent_id, clerk.me.org_id);
    assert.equal(found[0].registration_no, approved.body.result);
    const committee = (await county.get(`/api/v1/orgs/${found[0].id}/committee`)).body;
    assert.equal(committee.seats.length, 4);
    assert.equal(committee.seats[0].role, 'chair');
    assert.equal(committee.term_years, 5);
    assert.equal((await county.get(`/api/v1/enterprises/${enterprise.id}`)).body.union_id, found[0].id);
    const after = (await county.get(`/api/v1/orgs/${county.me.org_id}/coverage`)).body;
    assert.equal(after.with_union, before.with_union + 1);
    assert.equal(after.covered_workers, before.covered_workers + 40);

    const history = (await clerk.get(`/api/v1/applications/${draft.body.id}`)).body.history;
    assert.deepEqual(history.map((h) => h.action), ['create', 'submit', 'return', 'update', 'submit', 'approve']);
    assert.equal(history[2].reason, '请补充委员会名单');
  });

  it('re-elects a committee through the same chain and lists terms that are ending', async () => {
    const union = chair.me.org_id;
    const filed = await chair.post('/api/v1/applications', { kind: 'reelect', org_id: union, submit: true, payload: {
      elected_on: '2021-12-01', term_years: 5, how_elected: 'direct', votes_cast: 40,
      committee: [{ name: '陈直选', role: 'chair', votes: 35 }, { name: '周副', role: 'vice_chair', votes: 30 }] } });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    assert.equal(filed.body.state, 'submitted');
    assert.equal((await chair.post(`/api/v1/applications/${filed.body.id}/approve`, {})).status, 403, 'the union does not decide its own');
    assert.equal((await clerk.get(`/api/v1/applications/${filed.body.id}`)).status, 404, 'another township does not see it');
    const approved = await county.post(`/api/v1/applications/${filed.body.id}/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.result, '2026-11-30');
    const committee = (await county.get(`/api/v1/orgs/${union}/committee`)).body;
    assert.equal(committee.how_elected, 'direct');
    assert.equal(committee.seats[0].name, '陈直选');
    const soon = (await county.get('/api/v1/committees/expiring?days=30')).body.items;
    assert.ok(soon.some((c) => c.org_id === union && c.ends_on === '2026-11-30'));
    const bad = await chair.post('/api/v1/applications', { kind: 'reelect', org_id: union, payload: { elected_on: '2099-01-01', how_elected: 'direct', committee: [] } });
    assert.equal(bad.body.field, 'elected_on');
    assert.equal((await yiwu.get('/api/v1/committees/expiring?days=30')).body.items.some((c) => c.org_id === union), false);
  });

  it('rates grassroots unions yearly with grade and stars, from the level above', async () => {
    const union = chair.me.org_id;
    const scores = { organisation: 24, rights: 23, democracy: 19, funds: 14, activities: 13 };
    assert.equal((await chair.post(`/api/v1/orgs/${union}/ratings`, { year: 2025, scores })).status, 403);
    const r = await county.post(`/api/v1/orgs/${union}/ratings`, { year: 2025, scores });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual([r.body.total, r.body.grade, r.body.stars], [93, 1, 4]);
    await county.post(`/api/v1/orgs/${union}/ratings`, { year: 2024, scores: { ...scores, rights: 5 } });
    const history = (await county.get(`/api/v1/orgs/${union}/ratings`)).body.items;
    assert.deepEqual(history.map((h) => [h.year, h.grade]), [[2025, 1], [2024, 2]]);
    const bad = await county.post(`/api/v1/orgs/${union}/ratings`, { year: 2025, scores: { ...scores, funds: 16 } });
    assert.equal(bad.body.field, 'scores.funds');
    assert.equal((await county.post(`/api/v1/orgs/${county.me.org_id}/ratings`, { year: 2025, scores })).status, 400, 'only grassroots unions');
  });
});
