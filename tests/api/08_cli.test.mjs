import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client, niangjia } from './lib.mjs';

describe('command line', () => {
  it('migrate is idempotent', () => {
    const r = niangjia('migrate');
    assert.equal(r.status, 0, r.stderr);
  });

  it('user add creates a user who can sign in, and prints a generated password once', async () => {
    const username = `cli_${process.pid}_${Date.now() % 100000}`;
    const r = niangjia('user', 'add', '--username', username, '--org-id', '2', '--role', 'viewer');
    assert.equal(r.status, 0, r.stderr);
    const password = r.stdout.match(/password: (\S+)/)[1];
    assert.equal(password.length, 16);
    const c = await Client.login(username, password);
    assert.equal(c.me.org_id, 2);
    assert.deepEqual(c.me.permissions, ['org:read', 'member:read']);
    const write = await c.post('/api/v1/members', {});
    assert.equal(write.status, 403);
  });

  it('user add refuses bad input with a clear message', () => {
    const role = niangjia('user', 'add', '--username', 'x_bad_role', '--org-id', '2', '--role', 'king');
    assert.equal(role.status, 1);
    assert.match(role.stderr, /no such role: king/);
    const org = niangjia('user', 'add', '--username', 'x_bad_org', '--org-id', '99999999', '--role', 'viewer');
    assert.equal(org.status, 1);
    assert.match(org.stderr, /no such organisation/);
    const dup = niangjia('user', 'add', '--username', 'city_admin', '--org-id', '1', '--role', 'viewer');
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /taken/);
  });
});
