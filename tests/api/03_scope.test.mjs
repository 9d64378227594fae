import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, firstGrassroots, memberBody, newId } from './lib.mjs';

describe('data scope: a user sees and changes only their own subtree', () => {
  let city, wucheng, yiwu, chair, yiwuUnion, wuchengUnion, yiwuMember, yiwuIdNumber;

  before(async () => {
    [city, wucheng, yiwu, chair] = await Promise.all(
      ['city_admin', 'wucheng_admin', 'yiwu_admin', 'grassroots_chair'].map((u) => Client.login(u)));
    yiwuUnion = await firstGrassroots(yiwu, yiwu.me.org_id);
    wuchengUnion = await firstGrassroots(wucheng, wucheng.me.org_id);
    yiwuIdNumber = newId('330782');
    const r = await yiwu.post('/api/v1/members', memberBody(yiwuUnion.id, { name: '义乌会员', id_number: yiwuIdNumber }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    yiwuMember = r.body;
  });

  it('hides another county\'s member exactly as a missing one, for every verb', async () => {
    const missing = await wucheng.get('/api/v1/members/987654321');
    const shape = (b) => ({ ...b, detail: b.detail.replace(/\d+/g, 'N') });
    const attempts = [
      wucheng.get(`/api/v1/members/${yiwuMember.id}`),
      wucheng.put(`/api/v1/members/${yiwuMember.id}`, memberBody(null, { id_number: yiwuIdNumber })),
      wucheng.post(`/api/v1/members/${yiwuMember.id}/status`, { status: 'exited', reason: '测试' }),
      wucheng.post(`/api/v1/members/${yiwuMember.id}/reveal`, { field: 'id_number', reason: '测试' }),
      wucheng.del(`/api/v1/members/${yiwuMember.id}?reason=test`),
    ];
    for (const r of await Promise.all(attempts)) {
      assert.equal(r.status, 404);
      assert.deepEqual(shape(r.body), shape(missing.body));
    }
    // Nothing was changed: the owner still sees it active.
    const still = await yiwu.get(`/api/v1/members/${yiwuMember.id}`);
    assert.equal(still.status, 200);
    assert.equal(still.body.status, 'active');
    assert.equal(still.body.name, '义乌会员');
  });

  it('lists only members of the caller\'s subtree', async () => {
    const list = await wucheng.get('/api/v1/members?limit=100');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length > 0);
    const orgIds = [...new Set(list.body.items.map((m) => m.org_id))];
    for (const id of orgIds) assert.equal((await wucheng.get(`/api/v1/orgs/${id}`)).status, 200);
    assert.ok(!list.body.items.some((m) => m.id === yiwuMember.id));
    assert.equal((await wucheng.get(`/api/v1/members?org_id=${yiwuUnion.id}`)).status, 404);
    assert.equal((await wucheng.get(`/api/v1/orgs/${yiwuUnion.id}`)).status, 404);
    assert.equal((await wucheng.get(`/api/v1/orgs/${yiwuUnion.id}/stats`)).status, 404);
  });

  it('narrows a grassroots chair to their own union', async () => {
    const list = await chair.get('/api/v1/members?limit=200');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length > 0);
    for (const m of list.body.items) assert.equal(m.org_id, chair.me.org_id);
    const children = await chair.get(`/api/v1/orgs?parent_id=${chair.me.org_id}`);
    assert.deepEqual(children.body.items, []);
    assert.equal((await chair.get(`/api/v1/members/${yiwuMember.id}`)).status, 404);
  });

  it('lets the city see both counties', async () => {
    assert.equal((await city.get(`/api/v1/members/${yiwuMember.id}`)).status, 200);
    assert.equal((await city.get(`/api/v1/members?org_id=${wuchengUnion.id}`)).status, 200);
  });

  it('refuses a second membership, naming the union only within scope', async () => {
    const own = await yiwu.post('/api/v1/members', memberBody(yiwuUnion.id, { id_number: yiwuIdNumber }));
    assert.equal(own.status, 409);
    assert.equal(own.body.field, 'id_number');
    assert.ok(own.body.detail.includes(yiwuUnion.name), own.body.detail);
    const other = await wucheng.post('/api/v1/members', memberBody(wuchengUnion.id, { id_number: yiwuIdNumber }));
    assert.equal(other.status, 409);
    assert.ok(!other.body.detail.includes(yiwuUnion.name), other.body.detail);
    assert.match(other.body.detail, /\*\*\*/);
  });

  it('keeps organisation changes within scope', async () => {
    const r = await wucheng.post('/api/v1/orgs', {
      parent_id: yiwu.me.org_id, kind: 'enterprise_union', name: '越界工会', division_code: '330782',
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.field, 'parent_id');
    const move = await wucheng.post(`/api/v1/orgs/${wuchengUnion.id}/move`, { parent_id: yiwu.me.org_id });
    assert.equal(move.status, 400);
  });
});
