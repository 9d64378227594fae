import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, uniqueName } from './lib.mjs';

// Where membership stays when work stops: retirement and unemployment keep the member with the
// union; a closed employer's members are held by the union above until they transfer on.
describe('retired, unemployed, and members of a closed employer', () => {
  let county, clerk, township, closing, next;

  const union = async (name) => {
    const r = await county.post('/api/v1/orgs', { parent_id: township, kind: 'enterprise_union', name: uniqueName(name), division_code: '330702' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const addMember = async (orgId, over = {}) => {
    const r = await clerk.post('/api/v1/members', memberBody(orgId, over));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const stats = async (orgId) => (await county.get(`/api/v1/orgs/${orgId}/stats`)).body.members;

  before(async () => {
    county = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    township = clerk.me.org_id;
    closing = await union('将关闭的公司工会');
    next = await union('新单位工会');
  });

  it('keeps a retired or unemployed member with the union, active and counted', async () => {
    const m = await addMember(closing.id, { name: '退休测试' });
    assert.equal(m.employment, 'employed');
    const before = await stats(closing.id);
    const noReason = await clerk.post(`/api/v1/members/${m.id}/employment`, { employment: 'retired', reason: ' ' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, 'reason');
    const bad = await clerk.post(`/api/v1/members/${m.id}/employment`, { employment: 'exited', reason: '离职' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'employment');

    const retired = await clerk.post(`/api/v1/members/${m.id}/employment`, { employment: 'retired', reason: '到龄退休' });
    assert.equal(retired.status, 200, JSON.stringify(retired.body));
    assert.deepEqual([retired.body.employment, retired.body.status, retired.body.org_id], ['retired', 'active', closing.id]);
    assert.equal(await stats(closing.id), before, 'still counted');
    const listed = await clerk.get(`/api/v1/members?org_id=${closing.id}&situation=retired`);
    assert.deepEqual(listed.body.items.map((x) => x.id), [m.id]);
    assert.equal((await clerk.get('/api/v1/members?situation=fired')).status, 400);
    const history = (await clerk.get(`/api/v1/audit?entity=member&entity_id=${m.id}`)).body.items;
    assert.ok(history.some((e) => e.action === 'employment' && e.reason === '到龄退休'), 'in the member history');

    const unemployed = await clerk.post(`/api/v1/members/${m.id}/employment`, { employment: 'unemployed', reason: '待业' });
    assert.equal(unemployed.body.employment, 'unemployed');
    assert.equal((await new Client().post(`/api/v1/members/${m.id}/employment`, { employment: 'retired', reason: 'x' })).status, 401);
  });

  it('closes a union with its employer: the union above holds its members until they move on', async () => {
    const a = await addMember(closing.id, { name: '关闭甲', join_date: '2015-03-01' });
    const b = await addMember(closing.id, { name: '关闭乙', category: 'technical' });
    await clerk.post(`/api/v1/members/${b.id}/status`, { status: 'suspended', reason: '暂停测试' });
    // A transfer into the closing union that is still open gets refused when it closes.
    const mover = await addMember(next.id, { name: '转入中' });
    const into = await clerk.post(`/api/v1/members/${mover.id}/transfers`, { to_org_id: closing.id, reason: '调动' });
    assert.equal(into.status, 201, JSON.stringify(into.body));
    const inClosing = await stats(closing.id);
    const inTownship = await stats(township);
    const heldBefore = (await clerk.get(`/api/v1/members?org_id=${township}&situation=held&limit=200`)).body.items.length;

    assert.equal((await clerk.post(`/api/v1/orgs/${closing.id}/close`, { reason: '企业注销' })).status, 403, 'a clerk cannot close a union');
    assert.equal((await county.post(`/api/v1/orgs/${closing.id}/close`, {})).status, 400, 'a reason is required');
    assert.equal((await county.post(`/api/v1/orgs/${township}/close`, { reason: '企业注销' })).status, 400, 'only a grassroots union closes');

    const closed = await county.post(`/api/v1/orgs/${closing.id}/close`, { reason: '企业注销' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.ok(closed.body.held >= 3, JSON.stringify(closed.body));
    assert.equal((await county.post(`/api/v1/orgs/${closing.id}/close`, { reason: '企业注销' })).status, 409, 'once only');

    const org = (await county.get(`/api/v1/orgs/${closing.id}`)).body;
    assert.equal(org.closed.reason, '企业注销');
    assert.equal(await stats(closing.id), 0, 'nobody left in the closed union');
    assert.equal(await stats(township), inTownship, 'the level above counts the same members');
    assert.equal(inClosing >= 2, true);
    const held = (await clerk.get(`/api/v1/members?org_id=${township}&situation=held&limit=200`)).body.items;
    assert.equal(held.length - heldBefore, closed.body.held);
    const heldA = held.find((x) => x.id === a.id);
    assert.deepEqual([heldA.org_id, heldA.held_from.id, heldA.join_date], [township, closing.id, '2015-03-01']);
    assert.equal(held.find((x) => x.id === b.id).status, 'suspended', 'statuses are kept');
    const refused = (await clerk.get('/api/v1/transfers?direction=out&state=refused')).body.items.find((t) => t.id === into.body.id);
    assert.match(refused.decision, /已撤销/);

    // The closed union takes nobody: no new member, no transfer in, not offered on the portal.
    const newcomer = await clerk.post('/api/v1/members', memberBody(closing.id));
    assert.equal(newcomer.status, 409);
    assert.match(newcomer.body.detail, /已撤销/);
    assert.equal((await clerk.post(`/api/v1/members/${mover.id}/transfers`, { to_org_id: closing.id, reason: '调动' })).status, 409);
    const offered = await new Client().get(`/api/v1/portal/unions?q=${encodeURIComponent(closing.name)}`);
    assert.ok(!offered.body.items.some((u) => u.id === closing.id));

    // Moving on: a transfer from the union above ends the holding and keeps the join date.
    const out = await clerk.post(`/api/v1/members/${a.id}/transfers`, { to_org_id: next.id, reason: '再就业' });
    assert.equal(out.status, 201, JSON.stringify(out.body));
    assert.equal((await clerk.post(`/api/v1/transfers/${out.body.id}/accept`, {})).status, 200);
    const moved = (await clerk.get(`/api/v1/members/${a.id}`)).body;
    assert.deepEqual([moved.org_id, moved.held_from, moved.join_date], [next.id, undefined, '2015-03-01']);
    const history = (await clerk.get(`/api/v1/audit?entity=member&entity_id=${a.id}`)).body.items.map((e) => e.action);
    assert.ok(history.includes('held') && history.includes('transfer.accepted'), history.join());
  });
});
