import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, firstGrassroots, newId, uniqueName } from './lib.mjs';

const phoneOf = (n) => `137${String(n).padStart(8, '0')}`;

describe('joining from the portal, and transfers between unions', () => {
  let clerk, yiwu, county, unionA, unionB;

  before(async () => {
    clerk = await Client.login('township_clerk');
    yiwu = await Client.login('yiwu_admin');
    county = await Client.login('wucheng_admin');
    const union = async (client, parent, name) => {
      const r = await client.post('/api/v1/orgs', { parent_id: parent, kind: 'enterprise_union', name: uniqueName(name), division_code: '330702' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    unionA = await union(county, clerk.me.org_id, '甲转接公司工会');
    unionB = await union(yiwu, yiwu.me.org_id, '乙转接公司工会');
  });

  it('lets a worker find a union and apply; the union decides; the card follows', async () => {
    const found = await new Client().get(`/api/v1/portal/unions?q=${encodeURIComponent(unionA.name)}`);
    assert.equal(found.status, 200);
    assert.ok(found.body.items.some((u) => u.id === unionA.id));
    assert.ok(found.body.items.every((u) => ['enterprise_union', 'joint_union', 'industry_union', 'village_union'].includes(u.kind)));

    const id = newId();
    const phone = phoneOf(Date.now() % 1e8);
    const worker = { name: '骑手申请', id_number: id, phone, employer: '某外卖平台', category: 'delivery_rider', org_id: unionA.id };
    const badId = await new Client().post('/api/v1/portal/join', { ...worker, id_number: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') });
    assert.equal(badId.status, 400);
    assert.equal(badId.body.field, 'id_number');
    const notUnion = await new Client().post('/api/v1/portal/join', { ...worker, org_id: clerk.me.org_id });
    assert.equal(notUnion.body.field, 'org_id');

    const applied = await new Client().post('/api/v1/portal/join', worker);
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    assert.equal(applied.body.state, 'submitted');
    const waiting = (await clerk.get('/api/v1/applications?to_review=1&kind=join')).body.items.find((a) => a.id === applied.body.application_id);
    assert.ok(waiting, 'the union sees the application');
    assert.ok(!JSON.stringify(waiting).includes(id), 'the ID number is not shown');
    assert.ok(!JSON.stringify(waiting).includes(phone), 'the phone is not shown');
    assert.match(waiting.payload.id_number_masked, /\*{6,}/);
    assert.equal((await yiwu.get(`/api/v1/applications/${applied.body.application_id}`)).status, 404);

    // The worker follows the application with its number and their ID number, nothing else.
    const progress = (over = {}) => new Client().post('/api/v1/portal/join/status', { application_id: applied.body.application_id, id_number: id, ...over });
    const waitingSeen = await progress();
    assert.equal(waitingSeen.status, 200, JSON.stringify(waitingSeen.body));
    assert.deepEqual([waitingSeen.body.state, waitingSeen.body.union, waitingSeen.body.card_no], ['submitted', unionA.name, undefined]);
    assert.equal((await progress({ id_number: newId() })).status, 404, 'another ID number sees nothing');
    assert.equal((await progress({ application_id: applied.body.application_id + 100000 })).status, 404);
    assert.equal((await progress({ id_number: '123' })).status, 404);

    const approved = await clerk.post(`/api/v1/applications/${applied.body.application_id}/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const done = (await progress()).body;
    assert.deepEqual([done.state, done.card_no], ['approved', approved.body.result]);
    assert.match(approved.body.result, /^\d{12}$/);
    const member = (await clerk.get(`/api/v1/members?org_id=${unionA.id}&name=${encodeURIComponent('骑手申请')}`)).body.items[0];
    assert.equal(member.category, 'delivery_rider');
    const portal = new Client();
    const activated = await portal.post('/api/v1/portal/activate', { phone, id_number: id, password: 'join-pass-2026' });
    assert.equal(activated.status, 200);
    assert.equal((await portal.get('/api/v1/portal/me')).body.card_no, approved.body.result);

    const twice = await new Client().post('/api/v1/portal/join', { ...worker, org_id: unionB.id });
    assert.equal(twice.status, 409, 'already a member');
    assert.doesNotMatch(twice.body.detail, new RegExp(unionA.name), 'the union is named masked');
  });

  it('returns an application with a reason', async () => {
    const worker = { name: '退回测试', id_number: newId(), phone: phoneOf(Date.now() % 1e8 + 1), category: 'courier', org_id: unionA.id };
    const applied = await new Client().post('/api/v1/portal/join', worker);
    const returned = await clerk.post(`/api/v1/applications/${applied.body.application_id}/return`, { reason: '不在本单位工作' });
    assert.equal(returned.body.state, 'returned');
    const history = (await clerk.get(`/api/v1/applications/${applied.body.application_id}`)).body.history;
    assert.equal(history.at(-1).reason, '不在本单位工作');
    const seen = (await new Client().post('/api/v1/portal/join/status', { application_id: applied.body.application_id, id_number: worker.id_number })).body;
    assert.equal(seen.state, 'returned');
    assert.equal(seen.steps.at(-1).reason, '不在本单位工作', 'the worker sees why');
  });

  it('moves a member on the destination\'s acceptance, keeping the join date, with both sides\' history', async () => {
    const m = (await clerk.post('/api/v1/members', memberBody(unionA.id, { name: '转接测试', join_date: '2015-03-01' }))).body;
    const countsA = (await county.get(`/api/v1/orgs/${unionA.id}/stats`)).body.members;
    const countsB = (await yiwu.get(`/api/v1/orgs/${unionB.id}/stats`)).body.members;
    const noReason = await clerk.post(`/api/v1/members/${m.id}/transfers`, { to_org_id: unionB.id, reason: '' });
    assert.equal(noReason.body.field, 'reason');
    const t = await clerk.post(`/api/v1/members/${m.id}/transfers`, { to_org_id: unionB.id, reason: '调动到义乌工作' });
    assert.equal(t.status, 201, JSON.stringify(t.body));
    assert.equal((await clerk.post(`/api/v1/transfers/${t.body.id}/accept`, {})).status, 403, 'the origin does not accept');
    assert.ok((await yiwu.get('/api/v1/transfers?direction=in&state=requested')).body.items.some((x) => x.id === t.body.id));
    assert.ok((await clerk.get('/api/v1/transfers?direction=out')).body.items.some((x) => x.id === t.body.id));
    assert.equal((await clerk.get(`/api/v1/members/${m.id}`)).status, 200, 'still the origin\'s until accepted');

    const accepted = await yiwu.post(`/api/v1/transfers/${t.body.id}/accept`, {});
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal((await yiwu.post(`/api/v1/transfers/${t.body.id}/accept`, {})).status, 409);
    const moved = await yiwu.get(`/api/v1/members/${m.id}`);
    assert.equal(moved.body.org_id, unionB.id);
    assert.equal(moved.body.join_date, '2015-03-01');
    assert.equal((await clerk.get(`/api/v1/members/${m.id}`)).status, 404, 'no longer the origin\'s');
    assert.equal((await county.get(`/api/v1/orgs/${unionA.id}/stats`)).body.members, countsA - 1);
    assert.equal((await yiwu.get(`/api/v1/orgs/${unionB.id}/stats`)).body.members, countsB + 1);
    const theirs = (await yiwu.get(`/api/v1/audit?entity=member&entity_id=${m.id}`)).body.items.map((a) => a.action);
    const ours = (await county.get(`/api/v1/audit?entity=member&entity_id=${m.id}`)).body.items.map((a) => a.action);
    assert.ok(theirs.includes('transfer.accepted') && ours.includes('transfer.accepted'));
  });

  it('lets exactly one of two concurrent transfers of the same member through', async () => {
    const m = (await clerk.post('/api/v1/members', memberBody(unionA.id, { name: '并发转接' }))).body;
    const other = await firstGrassroots(county, county.me.org_id);
    const requests = await Promise.all([unionB.id, other.id === unionA.id ? unionB.id : other.id].map((to) =>
      clerk.post(`/api/v1/members/${m.id}/transfers`, { to_org_id: to, reason: '同时申请' })));
    assert.deepEqual(requests.map((r) => r.status).sort(), [201, 409]);
    const open = requests.find((r) => r.status === 201).body;
    const decisions = await Promise.all([
      yiwu.post(`/api/v1/transfers/${open.id}/accept`, {}),
      clerk.post(`/api/v1/transfers/${open.id}/cancel`, {}),
    ]);
    const statuses = decisions.map((d) => d.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(statuses));
    const unionNow = (await yiwu.get(`/api/v1/members/${m.id}`)).status === 200 ? unionB.id : unionA.id;
    assert.equal(unionNow === unionB.id, decisions[0].status === 200, 'the member is where the winning decision put them');
  });
});
