import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, firstGrassroots, chinaNow } from './lib.mjs';

const sum = (xs) => xs.reduce((a, x) => a + x.count, 0);

describe('home page statistics', () => {
  let city, yiwu;

  before(async () => {
    city = await Client.login('city_admin');
    yiwu = await Client.login('yiwu_admin');
  });

  it('adds up for the whole city', async () => {
    const r = await city.get('/api/v1/stats/overview');
    assert.equal(r.status, 200);
    const o = r.body;
    assert.equal(o.org.id, city.me.org_id);
    assert.equal(o.members, sum(o.by_category));
    assert.equal(o.members, (await city.get(`/api/v1/orgs/${o.org.id}/stats`)).body.members);
    assert.equal(o.grassroots_unions, sum(o.by_kind));
    assert.equal(o.enterprise_unions, o.by_kind.find((k) => k.kind === 'enterprise_union').count);
    assert.ok(o.grassroots_unions > 0 && o.members > 0);
    assert.deepEqual(o.by_category.map((c) => c.category).sort(), [
      'courier', 'delivery_rider', 'front_line', 'management', 'other', 'ride_hailing_driver', 'technical', 'truck_driver',
    ]);
  });

  it('counts twelve months of joins, ending with this one, and sees a new member at once', async () => {
    const before = (await city.get('/api/v1/stats/overview')).body.by_month;
    assert.equal(before.length, 12);
    const months = before.map((m) => m.month);
    assert.deepEqual([...months].sort(), months);
    const now = chinaNow();
    const thisMonth = now.toISOString().slice(0, 7);
    assert.equal(months[11], thisMonth);

    const union = await firstGrassroots(city, city.me.org_id);
    const created = await city.post('/api/v1/members', memberBody(union.id, { join_date: now.toISOString().slice(0, 10) }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const after = (await city.get('/api/v1/stats/overview')).body.by_month;
    assert.equal(after[11].count, before[11].count + 1);
  });

  it('gives a county its own county and nothing above or beside it', async () => {
    const own = await yiwu.get('/api/v1/stats/overview');
    assert.equal(own.status, 200);
    assert.equal(own.body.org.name, '义乌市总工会');
    const cityTotal = (await city.get('/api/v1/stats/overview')).body.members;
    assert.ok(own.body.members < cityTotal);
    assert.equal((await yiwu.get(`/api/v1/stats/overview?org_id=${city.me.org_id}`)).status, 404);
    const wucheng = (await Client.login('wucheng_admin')).me.org_id;
    assert.equal((await yiwu.get(`/api/v1/stats/overview?org_id=${wucheng}`)).status, 404);
  });

  it('refuses a malformed org_id and an anonymous caller', async () => {
    const bad = await city.get('/api/v1/stats/overview?org_id=abc');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'org_id');
    assert.equal((await new Client().get('/api/v1/stats/overview')).status, 401);
  });
});
