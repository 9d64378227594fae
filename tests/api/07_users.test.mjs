import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, uniqueName } from './lib.mjs';

describe('users and sign-in limits', () => {
  it('creates users within scope only', async () => {
    const admin = await Client.login('wucheng_admin');
    const username = uniqueName('clerk_').replace(/[^\x00-\x7f]/g, '') + 'u';
    const r = await admin.post('/api/v1/users', { username, password: 'password-123', role: 'clerk' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const again = await admin.post('/api/v1/users', { username, password: 'password-123', role: 'clerk' });
    assert.equal(again.status, 409);
    const short = await admin.post('/api/v1/users', { username: username + 'x', password: 'short', role: 'clerk' });
    assert.equal(short.body.field, 'password');
    const role = await admin.post('/api/v1/users', { username: username + 'y', password: 'password-123', role: 'king' });
    assert.equal(role.body.field, 'role');
    const outside = await admin.post('/api/v1/users', { username: username + 'z', password: 'password-123', role: 'clerk', org_id: 1 });
    assert.equal(outside.status, 404, 'out of scope answers as no such organisation');
    assert.equal(outside.body.field, 'org_id');
    const list = await admin.get('/api/v1/users');
    assert.ok(list.body.items.some((u) => u.username === username));
    assert.ok(!list.body.items.some((u) => u.username === 'city_admin'));
    const signedIn = await Client.login(username, 'password-123');
    assert.equal(signedIn.me.role, 'clerk');
  });

  it('throttles an account from one address after five failed sign-ins, without locking it', async () => {
    const admin = await Client.login('city_admin');
    const username = 'lockme' + process.pid + Date.now() % 100000;
    assert.equal((await admin.post('/api/v1/users', { username, password: 'right-password', role: 'viewer' })).status, 201);
    const c = new Client();
    for (let i = 0; i < 4; i++) {
      const r = await c.post('/api/v1/auth/login', { username, password: 'wrong-password' });
      assert.equal(r.status, 401, `attempt ${i + 1}`);
    }
    let throttled = null;
    for (let i = 0; i < 16 && !throttled; i++) {
      const r = await c.post('/api/v1/auth/login', { username, password: 'wrong-password' });
      if (r.status === 429) throttled = r;
      else assert.equal(r.status, 401);
    }
    assert.ok(throttled, 'never throttled');
    assert.equal(throttled.body.code, 'too_many_attempts');
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
    const users = await admin.get('/api/v1/users');
    assert.equal(users.body.items.find((u) => u.username === username).disabled, false);
  });
});
