import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, uniqueName } from './lib.mjs';

describe('organisation tree', () => {
  let admin, township;
  const stats = async (id) => (await admin.get(`/api/v1/orgs/${id}/stats`)).body.members;

  before(async () => {
    admin = await Client.login('wucheng_admin');
    township = (await Client.login('township_clerk')).me.org_id;
  });

  it('loads the tree lazily from the caller\'s own organisation', async () => {
    const root = await admin.get('/api/v1/orgs');
    assert.equal(root.body.items.length, 1);
    assert.equal(root.body.items[0].name, '婺城区总工会');
    assert.equal(root.body.items[0].has_children, true);
    const children = await admin.get(`/api/v1/orgs?parent_id=${root.body.items[0].id}`);
    assert.ok(children.body.items.length >= 10);
    assert.ok(children.body.items.every((o) => o.parent_id === root.body.items[0].id));
  });

  it('validates a new organisation', async () => {
    const bad = await admin.post('/api/v1/orgs', { parent_id: township, kind: 'enterprise_union', name: '某工会', division_code: '999999' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'division_code');
    const kind = await admin.post('/api/v1/orgs', { parent_id: township, kind: 'city_federation', name: '某市总工会', division_code: '330700' });
    assert.equal(kind.body.field, 'kind');
    const missing = await admin.post('/api/v1/orgs', { parent_id: township, kind: 'enterprise_union', division_code: '330702' });
    assert.equal(missing.body.field, 'name');
  });

  it('keeps contacts, and refuses a phone that is not one', async () => {
    const body = { parent_id: township, kind: 'enterprise_union', name: uniqueName('联系') + '公司工会', division_code: '330702',
      contact_name: '李娜', contact_phone: '0579-82345678', address: '人民路 1 号' };
    const created = await admin.post('/api/v1/orgs', body);
    assert.equal(created.status, 201);
    assert.equal(created.body.contact_phone, '0579-82345678');
    const changed = await admin.put(`/api/v1/orgs/${created.body.id}`, { ...body, contact_name: '王芳' });
    assert.equal(changed.body.contact_name, '王芳');
    assert.equal(changed.body.address, '人民路 1 号');
    const bad = await admin.put(`/api/v1/orgs/${created.body.id}`, { ...body, contact_phone: 'call me' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'contact_phone');
    assert.equal((await admin.get(`/api/v1/orgs/${created.body.id}`)).body.contact_name, '王芳');
  });

  it('finds an organisation by a name typed in traditional characters', async () => {
    const name = uniqueName('华丰') + '纺织厂工会';
    const created = await admin.post('/api/v1/orgs', { parent_id: township, kind: 'enterprise_union', name, division_code: '330702' });
    assert.equal(created.status, 201);
    const found = await admin.get(`/api/v1/orgs?q=${encodeURIComponent(name.replace('华丰', '華豐').replace('纺织', '紡織'))}`);
    assert.deepEqual(found.body.items.map((o) => o.id), [created.body.id]);
  });

  it('moves a subtree with its member counts, in one step', async () => {
    const a = (await admin.post('/api/v1/orgs', { parent_id: admin.me.org_id, kind: 'township_federation', name: uniqueName('甲') + '镇总工会', division_code: '330702' })).body;
    const b = (await admin.post('/api/v1/orgs', { parent_id: admin.me.org_id, kind: 'township_federation', name: uniqueName('乙') + '镇总工会', division_code: '330702' })).body;
    const u = (await admin.post('/api/v1/orgs', { parent_id: a.id, kind: 'union_federation', name: uniqueName('丙') + '工会联合会', division_code: '330702' })).body;
    const g = (await admin.post('/api/v1/orgs', { parent_id: u.id, kind: 'enterprise_union', name: uniqueName('丁') + '公司工会', division_code: '330702' })).body;
    for (let i = 0; i < 3; i++) assert.equal((await admin.post('/api/v1/members', memberBody(g.id))).status, 201);
    const county = await stats(admin.me.org_id);
    assert.equal(await stats(a.id), 3);
    assert.equal(await stats(b.id), 0);

    const moved = await admin.post(`/api/v1/orgs/${u.id}/move`, { parent_id: b.id });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.parent_id, b.id);
    assert.equal(await stats(a.id), 0);
    assert.equal(await stats(b.id), 3);
    assert.equal(await stats(u.id), 3);
    assert.equal(await stats(admin.me.org_id), county);
    const members = await admin.get(`/api/v1/members?org_id=${b.id}`);
    assert.equal(members.body.items.length, 3);

    const loop = await admin.post(`/api/v1/orgs/${b.id}/move`, { parent_id: g.id });
    assert.equal(loop.status, 400);
    const self = await admin.post(`/api/v1/orgs/${admin.me.org_id}/move`, { parent_id: b.id });
    assert.equal(self.status, 400);

    const busy = await admin.del(`/api/v1/orgs/${g.id}`);
    assert.equal(busy.status, 409);
    const empty = await admin.del(`/api/v1/orgs/${a.id}`);
    assert.equal(empty.status, 200);
    assert.equal((await admin.get(`/api/v1/orgs/${a.id}`)).status, 404);
  });

  it('renames an organisation and records the change', async () => {
    const o = (await admin.post('/api/v1/orgs', { parent_id: township, kind: 'enterprise_union', name: uniqueName('旧名') + '工会', division_code: '330702' })).body;
    const r = await admin.put(`/api/v1/orgs/${o.id}`, { kind: 'enterprise_union', name: '新名工会', division_code: '330702' });
    assert.equal(r.status, 200);
    assert.equal(r.body.name, '新名工会');
    const audit = await admin.get(`/api/v1/audit?entity=org&entity_id=${o.id}`);
    assert.deepEqual(audit.body.items.map((a) => a.action), ['update', 'create']);
  });
});
