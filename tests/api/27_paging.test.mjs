// Issue 14, paging: every list pages the same way — limit (default 50, at most 200; more is 400
// naming limit, never clamped), cursor, and {items, next_cursor} with next_cursor null on the last
// page (never "") and never an empty last page (the service reads limit + 1 rows). Approvals and
// transfers used to stop silently at 200 rows.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, sql } from './lib.mjs';

const tag = `paging-${process.pid}-${Date.now() % 100000}`;
const ROWS = 230; // more than the old silent LIMIT 200

// Every page of `path` with page size `limit`: the rows in order and the pages' sizes.
async function walk(client, path, limit) {
  const sep = path.includes('?') ? '&' : '?';
  const rows = [];
  const sizes = [];
  let cursor = '';
  for (let i = 0; i < 1000; i++) {
    const r = await client.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, `${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    assert.ok(Array.isArray(r.body.items), `${path}: items`);
    assert.ok('next_cursor' in r.body, `${path}: next_cursor is always there`);
    assert.notEqual(r.body.next_cursor, '', `${path}: no cursor is null, never ""`);
    assert.ok(r.body.items.length <= limit, `${path}: at most limit rows`);
    sizes.push(r.body.items.length);
    rows.push(...r.body.items);
    if (r.body.next_cursor === null) return { rows, sizes };
    assert.equal(r.body.items.length, limit, `${path}: a page with a next page is full`);
    cursor = r.body.next_cursor;
  }
  throw new Error(`${path}: no end after 1000 pages`);
}

// Paging to the end gives every row once, the last page is not empty (unless the list is), and
// asking for exactly as many rows as there are gives one page whose next cursor is null.
async function pagesCleanly(client, path, size = 3, key = 'id') {
  const { rows, sizes } = await walk(client, path, size);
  const keys = rows.map((x) => x[key]);
  assert.equal(new Set(keys).size, keys.length, `${path}: every row once`);
  if (rows.length) assert.ok(sizes.at(-1) > 0, `${path}: the last page is not empty`);
  if (rows.length >= 1 && rows.length <= 200) {
    const exact = await client.get(`${path}${path.includes('?') ? '&' : '?'}limit=${rows.length}`);
    assert.equal(exact.status, 200);
    assert.equal(exact.body.items.length, rows.length, `${path}: one full page`);
    assert.equal(exact.body.next_cursor, null, `${path}: a full last page has no next cursor`);
  }
  return rows;
}

function refusesLimit(r, path) {
  assert.equal(r.status, 400, `${path}?limit=201: ${r.status}`);
  assert.equal(r.body.field, 'limit', `${path}: the refusal names limit`);
}

describe('paging: one way for every list', () => {
  let city, wucheng;
  before(async () => {
    city = await Client.login('city_admin');
    wucheng = await Client.login('wucheng_admin');
  });

  it('a limit above 200 is refused naming limit, never clamped, on every list', async () => {
    const paths = [
      '/api/v1/members',
      '/api/v1/applications',
      '/api/v1/transfers',
      '/api/v1/audit',
      '/api/v1/enterprises',
      '/api/v1/payout/items',
      '/api/v1/payout/batches',
      '/api/v1/aid/claims',
      '/api/v1/aid/hand-claims',
      '/api/v1/hardship/archives',
      '/api/v1/hardship/grants',
      '/api/v1/hardship/campaigns',
      '/api/v1/users',
      '/api/v1/committees/expiring',
      '/api/v1/hardship/relevels',
    ];
    // A plan's contributions page too (a plan every county reads).
    const plan = (await city.get('/api/v1/aid/plans')).body.items?.[0]?.code;
    if (plan) paths.push(`/api/v1/aid/plans/${encodeURIComponent(plan)}/payments`);
    for (const path of paths) {
      refusesLimit(await city.get(`${path}?limit=201`), path);
      refusesLimit(await city.get(`${path}?limit=1001`), path);
      const zero = await city.get(`${path}?limit=0`);
      assert.equal(zero.status, 400, `${path}?limit=0`);
      assert.equal(zero.body.field, 'limit');
      const ok = await city.get(`${path}?limit=200`);
      assert.equal(ok.status, 200, `${path}?limit=200: ${ok.status}`);
    }
  });

  it('a cursor that is not one is 400 naming cursor', async () => {
    for (const path of ['/api/v1/applications', '/api/v1/payout/items', '/api/v1/hardship/grants', '/api/v1/users', '/api/v1/committees/expiring', '/api/v1/hardship/relevels']) {
      const r = await city.get(`${path}?cursor=abc`);
      assert.equal(r.status, 400, path);
      assert.equal(r.body.field, 'cursor', path);
    }
  });

  it('a list\'s yes/no filter is true/1 or false/0; anything else is 400 naming it, never read as no', async () => {
    for (const [path, flag] of [['/api/v1/applications', 'to_review'], ['/api/v1/aid/hand-claims', 'overdue'],
      ['/api/v1/hardship/archives', 'review_overdue'], ['/api/v1/hardship/archives', 'exit_proposed']]) {
      const r = await city.get(`${path}?${flag}=yes`);
      assert.equal(r.status, 400, `${path} ${flag}`);
      assert.equal(r.body.field, flag, path);
      for (const ok of ['true', '1', 'false', '0']) assert.equal((await city.get(`${path}?${flag}=${ok}`)).status, 200, `${path} ${flag}=${ok}`);
    }
    // The first refused parameter of several is the one named.
    const two = await city.get('/api/v1/payout/items?member_id=x&limit=999');
    assert.equal(two.status, 400);
    assert.equal(two.body.field, 'member_id');
  });

  it('lists of several modules page to the end cleanly (null last cursor, no empty last page)', async () => {
    await pagesCleanly(city, '/api/v1/payout/items');
    await pagesCleanly(city, '/api/v1/payout/batches');
    await pagesCleanly(city, '/api/v1/hardship/grants');
    await pagesCleanly(city, '/api/v1/hardship/archives');
    await pagesCleanly(city, '/api/v1/hardship/campaigns');
    await pagesCleanly(city, '/api/v1/aid/claims');
    await pagesCleanly(city, '/api/v1/enterprises');
    await pagesCleanly(city, '/api/v1/hardship/relevels');
    await pagesCleanly(wucheng, '/api/v1/members?status=active', 200);
  });

  it('approvals page past 200 rows', async () => {
    const org = city.me.org_id;
    sql(`INSERT INTO application (kind, org_id, reviewer_org_id, state, title, payload, created_at, updated_at) ` +
        `SELECT 'reelect', ${org}, ${org}, 'returned', '${tag}', '{}', 0, 0 FROM member ORDER BY id LIMIT ${ROWS}`);
    const rows = await pagesCleanly(city, '/api/v1/applications?kind=reelect&state=returned');
    const mine = rows.filter((a) => a.title === tag);
    assert.equal(mine.length, ROWS, 'every inserted application is listed once');
    const big = await walk(city, '/api/v1/applications?kind=reelect&state=returned', 200);
    assert.equal(big.rows.filter((a) => a.title === tag).length, ROWS, 'pages of 200 go on past 200');
    assert.ok(big.sizes.length >= 2);
  });

  it('transfers page past 200 rows', async () => {
    const org = wucheng.me.org_id;
    sql(`INSERT INTO transfer (member_id, from_org_id, to_org_id, state, reason, created_at) ` +
        `SELECT id, ${org}, ${org}, 'rejected', '${tag}', 0 FROM member ORDER BY id LIMIT ${ROWS}`);
    const rows = await pagesCleanly(wucheng, '/api/v1/transfers?direction=in&state=rejected');
    assert.equal(rows.filter((t) => t.reason === tag).length, ROWS, 'every inserted transfer is listed once');
    const big = await walk(wucheng, '/api/v1/transfers?direction=in&state=rejected', 200);
    assert.equal(big.rows.filter((t) => t.reason === tag).length, ROWS, 'pages of 200 go on past 200');
  });

  it('users page past the old silent 1 000, by organisation then user name', async () => {
    const org = wucheng.me.org_id;
    const USERS = 1010;
    // Disabled users that nobody can sign in as, removed again at the end.
    sql(`INSERT INTO app_user (username, display_name, password_hash, org_id, role_id, created_at, disabled_at) ` +
        `SELECT '${tag}-' || id, '分页', 'x', ${org}, (SELECT id FROM role WHERE code = 'clerk'), 0, 1 FROM member ORDER BY id LIMIT ${USERS}`);
    try {
      const rows = await pagesCleanly(city, '/api/v1/users', 200);
      assert.equal(rows.filter((u) => u.username.startsWith(`${tag}-`)).length, USERS, 'every user once, past 1 000');
      const mine = rows.filter((u) => u.username.startsWith(`${tag}-`)).map((u) => u.username);
      assert.deepEqual(mine, [...mine].sort(), 'in user-name order within the organisation');
      const last = await walk(wucheng, '/api/v1/users', 7);
      assert.equal(last.rows.filter((u) => u.username.startsWith(`${tag}-`)).length, USERS, 'small pages across the same names');
    } finally {
      sql(`DELETE FROM app_user WHERE username LIKE '${tag}-%'`);
    }
  });

  it('committees whose term ends soon page cleanly (end of term, then union)', async () => {
    const rows = await pagesCleanly(city, '/api/v1/committees/expiring?days=3650', 2, 'org_id');
    const order = rows.map((c) => `${c.ends_on}#${String(c.org_id).padStart(12, '0')}`);
    assert.deepEqual(order, [...order].sort(), 'soonest first, then by union');
    const page = await city.get('/api/v1/committees/expiring?days=3650&limit=1');
    if (rows.length > 1) assert.match(page.body.next_cursor, /^\d{4}-\d{2}-\d{2}\.\d+$/);
    const bad = await city.get('/api/v1/committees/expiring?cursor=2026-02-30.5');
    assert.deepEqual([bad.status, bad.body.field], [400, 'cursor']);
  });

  it('the organisation search is a typeahead of at most limit (1–50, default 20) suggestions', async () => {
    const all = await city.get(`/api/v1/orgs?q=${encodeURIComponent('工会')}&limit=50`);
    assert.equal(all.status, 200);
    assert.ok(all.body.items.length > 20, `enough unions to cut: ${all.body.items.length}`);
    const fallback = await city.get(`/api/v1/orgs?q=${encodeURIComponent('工会')}`);
    assert.equal(fallback.body.items.length, 20, 'twenty when no limit is named');
    assert.equal((await city.get(`/api/v1/orgs?q=${encodeURIComponent('工会')}&limit=3`)).body.items.length, 3);
    for (const limit of ['51', '201', '0', 'x']) {
      const r = await city.get(`/api/v1/orgs?q=${encodeURIComponent('工会')}&limit=${limit}`);
      assert.deepEqual([r.status, r.body.field], [400, 'limit'], `limit=${limit}`);
    }
  });

  it('changes of level waiting for confirmation page past the old silent 1 000', async () => {
    // One pending change for each archive that has none (at most one each), removed at the end.
    const division = `P${process.pid % 100000}`;
    sql(`INSERT INTO hardship_relevel (archive_id, org_path, division_code, year, old_level, new_level, old_standard_fen, new_standard_fen, per_head_fen, state, created_at) ` +
        `SELECT a.id, o.path, '${division}', 2026, 'low_income', 'subsistence', 1, 2, 3, 'pending', 0 FROM hardship_archive a JOIN org o ON o.id = a.org_id ` +
        `WHERE NOT EXISTS (SELECT 1 FROM hardship_relevel r WHERE r.archive_id = a.id AND r.state = 'pending') ORDER BY a.id LIMIT 1010`);
    try {
      const made = Number(/n=(\d+)/.exec(sql(`SELECT 'n=' || COUNT(*) FROM hardship_relevel WHERE division_code = '${division}'`))[1]);
      assert.ok(made > 0, 'archives to re-level');
      const { rows } = await walk(city, '/api/v1/hardship/relevels', 200);
      assert.equal(rows.filter((r) => r.division_code === division).length, made, 'every pending change once');
      const ids = rows.map((r) => r.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'by id');
    } finally {
      sql(`DELETE FROM hardship_relevel WHERE division_code = '${division}'`);
    }
  });

  it('a plan\'s contributions page past the old silent 500, newest first', async () => {
    const plan = (await city.get('/api/v1/aid/plans')).body.items?.[0]?.code;
    assert.ok(plan, 'a plan');
    const reference = `${tag}-pay`;
    sql(`INSERT INTO aid_payment (plan_code, org_id, org_path, amount_fen, paid_on, reference, created_at) ` +
        `SELECT '${plan}', o.id, o.path, 1, '2025-01-10', '${reference}', 0 FROM member m JOIN org o ON o.id = m.org_id ORDER BY m.id LIMIT 510`);
    try {
      const path = `/api/v1/aid/plans/${encodeURIComponent(plan)}/payments`;
      const rows = await pagesCleanly(city, path, 200);
      assert.equal(rows.filter((x) => x.reference === reference).length, 510, 'every payment once, past 500');
      const ids = rows.map((x) => x.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
    } finally {
      sql(`DELETE FROM aid_payment WHERE reference = '${reference}'`);
    }
  });
});
