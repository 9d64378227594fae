// What the portal's hardship page reads (issue 16): the member's archive answers with the state
// and where it came from at every step, so the page can say it truly — an application the member
// sent is with the union (state "draft", source "portal": 待审核, never 草稿), a draft the union
// opened itself is "draft" from "clerk" (工会建档中), then the county's and the city's steps, a
// return and the public notice; a refusal of a household row names the row.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, newId, uniqueName } from './lib.mjs';

const household = (income = 120000) => [
  { name: '本人', relation: 'self', age: 50, health: 'chronic', schooling: 'none', annual_income_fen: income },
  { name: '李秀英', relation: 'spouse', age: 48, health: 'healthy', schooling: 'none', annual_income_fen: income },
];
const application = (over = {}) => ({ causes: ['unemployment'], household: household(), income_sources: [{ source: 'wages', monthly_fen: 20000 }],
  medical_spending_fen: 0, school_spending_fen: 0, accident: null, ...over });

describe('portal: the member\'s hardship archive says where it stands', () => {
  let clerk, county, city, union;
  const members = [];

  before(async () => {
    clerk = await Client.login('township_clerk');
    county = await Client.login('wucheng_admin');
    city = await Client.login('city_admin');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('门户帮扶状态公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    for (const name of ['门户甲', '门户乙']) {
      const id = newId();
      const phone = `135${String((Date.now() + members.length) % 1e8).padStart(8, '0')}`;
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: id, phone }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const portal = new Client();
      const act = await portal.post('/api/v1/portal/activate', { phone, id_number: id, password: 'portal-hardship-42' });
      assert.equal(act.status, 200, JSON.stringify(act.body));
      members.push({ ...r.body, portal });
    }
  });

  const mine = async (m) => {
    const r = await m.portal.get('/api/v1/portal/hardship');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((a) => [a.state, a.source, a.member_state]);
  };

  it('an application sent: with the union, then the county, returned, again, approved and on notice', async () => {
    const [m] = members;
    const bad = await m.portal.post('/api/v1/portal/hardship', application({ household: [household()[0], { ...household()[1], annual_income_fen: 1e12 + 1 }] }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'household[1].annual_income_fen', 'the refusal names the row');
    assert.deepEqual(await mine(m), [], 'nothing filed by a refusal');

    const sent = await m.portal.post('/api/v1/portal/hardship', application());
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.deepEqual([sent.body.state, sent.body.source], ['draft', 'portal']);
    assert.deepEqual(await mine(m), [['draft', 'portal', 'sent']], 'sent, as the member reads it: never a draft');

    const submitted = await clerk.post(`/api/v1/hardship/archives/${sent.body.id}/submit`, {});
    assert.equal(submitted.body.state, 'submitted', JSON.stringify(submitted.body));
    assert.deepEqual(await mine(m), [['submitted', 'portal', 'submitted']]);
    const app = submitted.body.application_id;
    assert.equal((await county.post(`/api/v1/applications/${app}/return`, { reason: '请补充失业证明' })).status, 200);
    assert.deepEqual(await mine(m), [['returned', 'portal', 'returned']]);
    assert.equal((await clerk.post(`/api/v1/hardship/archives/${sent.body.id}/submit`, {})).status, 200);
    assert.deepEqual(await mine(m), [['submitted', 'portal', 'submitted']]);

    const reviewed = await county.post(`/api/v1/applications/${app}/approve`, {});
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    if (reviewed.body.state !== 'approved') {
      assert.deepEqual(await mine(m), [['county_reviewed', 'portal', 'county_reviewed']]);
      assert.equal((await city.post(`/api/v1/applications/${app}/approve`, {})).body.state, 'approved');
    }
    const shown = (await m.portal.get('/api/v1/portal/hardship')).body.items[0];
    assert.equal(shown.state, 'notice');
    assert.match(shown.notice_start, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(shown.notice_end, /^\d{4}-\d{2}-\d{2}$/);
    const notices = (await m.portal.get('/api/v1/portal/hardship/notices')).body.items;
    assert.ok(notices.some((n) => n.member_name === '门**' && n.notice_start === shown.notice_start), JSON.stringify(notices));
  });

  it('a draft the union opened for the member is the union\'s, not an application the member sent', async () => {
    const m = members[1];
    const opened = await clerk.post('/api/v1/hardship/archives', { member_id: m.id, tier: '', ...application() });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.deepEqual(await mine(m), [['draft', 'clerk', 'filing']]);
    const again = await m.portal.post('/api/v1/portal/hardship', application());
    assert.equal(again.status, 409, 'one open archive at a time');
  });
});
