// 我的申请 (issue 16): GET /api/v1/portal/applications lists what the signed-in member applied
// for — the join application that made them a member, their transfers, their hardship archives —
// each with its state as the member reads it. A hardship application sent from the portal is the
// union's draft archive until the clerk submits it upwards; the member sent it, so it must read
// "submitted", never 「草稿」 (the list had no way to say so: each page mapped the module's
// working state on its own).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, chinaYear, memberBody, newId, uniqueName } from './lib.mjs';

const phoneOf = (n) => `135${String(n).padStart(8, '0')}`;
const MEMBER_STATES = ['submitted', 'preparing', 'in_review', 'returned', 'approved', 'on_notice', 'refused', 'withdrawn', 'closed'];

// A household of two with `perHead` fen a month each.
const hardship = (perHead) => ({
  member_id: 1, causes: ['unemployment'],
  household: [
    { name: '本人', relation: 'self', age: 51, health: 'healthy', schooling: 'none', annual_income_fen: perHead * 12 },
    { name: '配偶', relation: 'spouse', age: 49, health: 'healthy', schooling: 'none', annual_income_fen: perHead * 12 },
  ],
  income_sources: [{ source: 'other', monthly_fen: perHead * 2 }],
  medical_spending_fen: 0, school_spending_fen: 0,
});

describe('我的申请: the member\'s applications with their true state', () => {
  let clerk, county, yiwu, union, other, joined, member, portal;

  before(async () => {
    clerk = await Client.login('township_clerk');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    const made = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('我的申请公司工会'), division_code: '330702' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    union = made.body;
    other = (await yiwu.post('/api/v1/orgs', { parent_id: yiwu.me.org_id, kind: 'enterprise_union', name: uniqueName('我的申请新单位工会'), division_code: '330782' })).body;
    assert.ok(other?.id, 'a union in 义乌 to move to');
    // 婺城's standard, as test 20 sets it, so that a hardship application is assessed.
    assert.equal((await county.put(`/api/v1/hardship/standards/330702/${chinaYear()}`, { monthly_fen: 100000, relative_pct: 200 })).status, 200);

    // A worker joins from the portal, the union approves, the worker activates.
    const id = newId();
    const phone = phoneOf(Date.now() % 1e8);
    joined = await new Client().post('/api/v1/portal/join', { name: '申请列表', id_number: id, phone, employer: '某物流公司', category: 'courier', org_id: union.id });
    assert.equal(joined.status, 201, JSON.stringify(joined.body));
    const approved = await clerk.post(`/api/v1/applications/${joined.body.application_id}/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    portal = new Client();
    assert.equal((await portal.post('/api/v1/portal/activate', { phone, id_number: id, password: 'apps-pass-2026' })).status, 200);
    member = (await portal.get('/api/v1/portal/me')).body;
  });

  it('shows a hardship application the member sent as submitted, not as the union\'s draft', async () => {
    const applied = await portal.post('/api/v1/portal/hardship', hardship(40000));
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    assert.equal(applied.body.state, 'draft', 'the archive itself is the clerk\'s draft to check');
    const list = await portal.get('/api/v1/portal/applications');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const mine = list.body.items.find((a) => a.kind === 'hardship' && a.id === applied.body.id);
    assert.ok(mine, JSON.stringify(list.body));
    assert.equal(mine.state, 'submitted');
    assert.equal(mine.union, union.name);
    assert.ok(list.body.items.every((a) => MEMBER_STATES.includes(a.state)), 'only the member\'s words, never draft');

    // The clerk submits it upwards: under review for the member.
    const sent = await clerk.post(`/api/v1/hardship/archives/${applied.body.id}/submit`, {});
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const after = (await portal.get('/api/v1/portal/applications')).body.items.find((a) => a.kind === 'hardship');
    assert.equal(after.state, 'in_review');
  });

  it('lists the join application that made the member, and their transfers with a refusal\'s reason', async () => {
    const asked = await portal.post('/api/v1/portal/transfer', { to_org_id: other.id, reason: '换了新工作' });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    let items = (await portal.get('/api/v1/portal/applications')).body.items;
    const join = items.find((a) => a.kind === 'join');
    assert.deepEqual([join.id, join.state, join.union], [joined.body.application_id, 'approved', union.name]);
    assert.match(join.filed_at, /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(items.find((a) => a.kind === 'transfer').state, 'submitted');

    const refused = await yiwu.post(`/api/v1/transfers/${asked.body.id}/refuse`, { reason: '岗位已满' });
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    items = (await portal.get('/api/v1/portal/applications')).body.items;
    const move = items.find((a) => a.kind === 'transfer');
    assert.deepEqual([move.state, move.union, move.reason], ['refused', other.name, '岗位已满']);
    // Newest first.
    const at = items.map((a) => Date.parse(a.filed_at));
    assert.deepEqual(at, [...at].sort((a, b) => b - a));
  });

  it('shows an archive the union opened for the member as being prepared', async () => {
    const opened = await clerk.post('/api/v1/hardship/archives', { ...hardship(30000), member_id: member.member_id });
    // One open archive a member: the union may refuse a second while the first is under way.
    if (opened.status !== 201) return assert.equal(opened.status, 409, JSON.stringify(opened.body));
    const seen = (await portal.get('/api/v1/portal/applications')).body.items.find((a) => a.kind === 'hardship' && a.id === opened.body.id);
    assert.equal(seen.state, 'preparing');
  });

  it('pages by cursor, refuses a bad cursor or limit, and shows a member only their own', async () => {
    const whole = (await portal.get('/api/v1/portal/applications')).body;
    assert.equal(whole.next_cursor, null);
    assert.ok(whole.items.length >= 3);
    const walked = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = await portal.get(`/api/v1/portal/applications?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      walked.push(...page.body.items);
      if (!page.body.next_cursor) break;
      cursor = page.body.next_cursor;
    }
    assert.deepEqual(walked, whole.items);
    for (const bad of ['x', '1:join', '1:nothing:2', 'a:join:1', '1:join:0', '1:join:-3']) {
      const r = await portal.get(`/api/v1/portal/applications?cursor=${encodeURIComponent(bad)}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.field, 'cursor');
    }
    for (const limit of ['0', '201', 'x']) assert.equal((await portal.get(`/api/v1/portal/applications?limit=${limit}`)).status, 400, limit);

    assert.equal((await new Client().get('/api/v1/portal/applications')).status, 401);
    assert.equal((await clerk.get('/api/v1/portal/applications')).status, 401, 'a console session is no member');
    // Another member, registered by the clerk: nothing of the first one's.
    const id = newId();
    const phone = phoneOf((Date.now() + 7) % 1e8);
    assert.equal((await clerk.post('/api/v1/members', memberBody(union.id, { name: '另一会员', id_number: id, phone }))).status, 201);
    const stranger = new Client();
    assert.equal((await stranger.post('/api/v1/portal/activate', { phone, id_number: id, password: 'apps-pass-2027' })).status, 200);
    const theirs = await stranger.get('/api/v1/portal/applications');
    assert.deepEqual(theirs.body, { items: [], next_cursor: null });
  });
});
