import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client, PASSWORD } from './lib.mjs';

describe('sign-in and sessions', () => {
  it('sets an HttpOnly SameSite=Strict cookie and returns the CSRF token and permissions', async () => {
    const res = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city_admin', password: PASSWORD }),
    });
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie');
    assert.match(cookie, /^nj_session=[A-Za-z0-9_-]{40,};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const body = await res.json();
    assert.equal(body.username, 'city_admin');
    assert.equal(body.org_name, '金华市总工会');
    assert.ok(body.csrf_token.length >= 20);
    assert.ok(body.permissions.includes('member:reveal'));
  });

  it('answers a wrong password exactly as an unknown user', async () => {
    const c = new Client();
    const wrong = await c.post('/api/v1/auth/login', { username: 'city_admin', password: 'not-the-password' });
    const unknown = await c.post('/api/v1/auth/login', { username: 'no_such_user', password: 'not-the-password' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.code, 'unauthenticated');
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(c.cookie, '');
  });

  it('refuses a login without a password, naming the field', async () => {
    const r = await new Client().post('/api/v1/auth/login', { username: 'city_admin' });
    assert.equal(r.status, 400);
    assert.equal(r.body.field, 'password');
  });

  it('answers 401 without a session and after logout', async () => {
    assert.equal((await new Client().get('/api/v1/auth/me')).status, 401);
    assert.equal((await new Client().get('/api/v1/members')).status, 401);
    const c = await Client.login('township_clerk');
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
    const out = await c.post('/api/v1/auth/logout', {});
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
    assert.equal((await c.get('/api/v1/auth/me')).status, 401);
  });

  it('rotates the session token on every sign-in', async () => {
    const c = await Client.login('township_clerk');
    const old = c.cookie;
    await c.post('/api/v1/auth/login', { username: 'township_clerk', password: PASSWORD });
    assert.notEqual(c.cookie, old);
    assert.equal((await c.get('/api/v1/auth/me')).status, 200);
    const stale = new Client();
    stale.cookie = old;
    assert.equal((await stale.get('/api/v1/auth/me')).status, 401);
  });

  it('refuses a mutation without the X-CSRF-Token and changes nothing', async () => {
    const c = await Client.login('city_admin');
    const before = await c.get('/api/v1/orgs?parent_id=1');
    const r = await c.request('POST', '/api/v1/orgs', {
      body: { parent_id: 1, kind: 'county_federation', name: '无令牌区总工会', division_code: '330702' },
      csrf: false,
    });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'csrf');
    const wrong = await c.request('POST', '/api/v1/orgs', {
      body: { parent_id: 1, kind: 'county_federation', name: '无令牌区总工会', division_code: '330702' },
      csrf: false,
      headers: { 'x-csrf-token': 'forged' },
    });
    assert.equal(wrong.status, 403);
    const after = await c.get('/api/v1/orgs?parent_id=1');
    assert.equal(after.body.items.length, before.body.items.length);
  });

  it('answers 403 for a missing permission', async () => {
    const clerk = await Client.login('township_clerk');
    const r = await clerk.post('/api/v1/users', { username: 'x_user', password: 'password123', role: 'viewer' });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'forbidden');
    assert.equal((await clerk.get('/api/v1/users')).status, 403);
  });
});
