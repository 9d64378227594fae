// List pages (issue 17): the member list's total given from the counts kept per organisation on
// every page when they hold it, counted on the first page only otherwise; the round trips a
// request makes counted per route in /metrics (a member list page: at most two).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, memberBody, newId, uniqueName } from './lib.mjs';

// The route's round trips and requests so far, from /metrics. A request's round trips are counted before its answer is written (its count of requests
// after), so the trips of every request answered are in by the time its answer arrives.
async function counters(route) {
  const text = await (await fetch(`${BASE}/metrics`)).text();
  let trips = 0, requests = 0;
  for (const line of text.split('\n')) {
    if (!line.includes(`route="${route}"`)) continue;
    if (line.startsWith('niangjia_db_round_trips_total{')) trips += Number(line.split(' ').pop());
    if (line.startsWith('niangjia_http_requests_total{')) requests += Number(line.split(' ').pop());
  }
  return { trips, requests };
}

describe('list pages', () => {
  let admin, union;
  const ids = [];

  before(async () => {
    admin = await Client.login('wucheng_admin');
    const clerk = await Client.login('township_clerk');
    const r = await admin.post('/api/v1/orgs', {
      parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('列表测试') + '工会', division_code: '330702',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    union = r.body;
    for (let i = 0; i < 5; i++) {
      const m = await admin.post('/api/v1/members', memberBody(union.id, { name: `列表${'甲乙丙丁戊'[i]}`, id_number: newId() }));
      assert.equal(m.status, 201, JSON.stringify(m.body));
      ids.push(m.body.id);
    }
    const out = await admin.post(`/api/v1/members/${ids[0]}/status`, { status: 'exited', reason: '离职' });
    assert.equal(out.status, 200, JSON.stringify(out.body));
  });

  const list = (extra) => admin.get(`/api/v1/members?org_id=${union.id}&limit=2${extra}`);

  it('gives the total of active members on every page, from the counts kept', async () => {
    let r = await list('&status=active');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.total, r.body.total_capped], [4, false]);
    r = await list(`&status=active&cursor=${encodeURIComponent(r.body.next_cursor)}`);
    assert.equal(r.body.items.length, 2);
    assert.deepEqual([r.body.total, r.body.total_capped], [4, false], 'a later page says it too');
    r = await list('&status=active&page=2');
    assert.equal(r.body.total, 4);
  });

  it('counts any other filter on its first page only', async () => {
    let r = await list('');
    assert.deepEqual([r.body.total, r.body.total_capped], [5, false], 'every status, counted');
    r = await list(`&cursor=${encodeURIComponent(r.body.next_cursor)}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 2);
    assert.equal(r.body.total, undefined, 'a later page leaves the count out');
    assert.equal((await list('&page=2')).body.total, undefined);
    assert.equal((await list('&page=1')).body.total, 5, 'page 1 is the first page');
    r = await list('&status=exited');
    assert.deepEqual([r.body.total, r.body.items.map((m) => m.id)], [1, [ids[0]]]);
    r = await list(`&name=${encodeURIComponent('列表')}`);
    assert.equal(r.body.total, 5);
  });

  it('says a subtree of more active members than the cap is capped without counting', async () => {
    // The city holds far more than 10 000 members only in a large demo; the county's total is
    // either exact or capped, and a capped one never says fewer than the cap.
    const r = await admin.get('/api/v1/members?limit=1');
    assert.equal(r.status, 200);
    if (r.body.total_capped) assert.equal(r.body.total, 10000);
    else assert.ok(r.body.total >= 5);
  });

  it('answers an organisation out of scope or missing as missing', async () => {
    const other = await Client.login('yiwu_admin');
    assert.equal((await other.get(`/api/v1/members?org_id=${union.id}`)).status, 404);
    assert.equal((await admin.get('/api/v1/members?org_id=999999999')).status, 404);
  });

  it('counts the round trips of each request by route: a member list page makes at most two', async () => {
    await list('&status=active'); // the session is loaded (and cached) before counting
    const before = await counters('/api/v1/members');
    for (let i = 0; i < 5; i++) assert.equal((await list('&status=active')).status, 200);
    const after = await counters('/api/v1/members');
    // Two each (the organisation with its counts, the page); the session is cached for a few
    // seconds, so its reload may add one to the lot.
    const trips = after.trips - before.trips;
    assert.ok(trips >= 5 && trips <= 2 * 5 + 1, `${trips} round trips for 5 requests`);
    // The other lists read their organisation and their page: no more.
    for (const path of ['/api/v1/payout/items', '/api/v1/aid/claims']) {
      await admin.get(`${path}?limit=5`);
      const b = await counters(path);
      assert.equal((await admin.get(`${path}?limit=5`)).status, 200);
      const a = await counters(path);
      assert.ok(a.trips - b.trips >= 1 && a.trips - b.trips <= 2 + 1, `${path}: ${a.trips - b.trips} round trips`);
    }
  });
});
