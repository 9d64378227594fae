// Trust at the edges (issue 13, items 3 and 5): sign-in limits with back-off, one answer for
// every wrong sign-in or activation, security headers, Secure cookies behind https, password
// change, disabled users, and deletes refused by what still refers to a record.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, PASSWORD, memberBody, firstGrassroots, newId, uniqueName } from './lib.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const asciiName = (prefix) => prefix + process.pid + String(Date.now() % 1e6);
// A phone of no demo member (the demo's phones start 13x–18x but 147: assumed free).
let phoneSeq = 0;
const newPhone = () => `147${String((Date.now() + phoneSeq++) % 1e8).padStart(8, '0')}`;

// Posts `body` to `path` until the answer is 429, at most `max` times; the answers before it.
async function until429(path, body, max) {
  const before = [];
  for (let i = 0; i < max; i++) {
    const r = await new Client().post(path, typeof body === 'function' ? body(i) : body);
    if (r.status === 429) return { throttled: r, before };
    before.push(r);
  }
  return { throttled: null, before };
}

function assertThrottled(r) {
  assert.equal(r.status, 429, JSON.stringify(r.body));
  assert.equal(r.body.code, 'too_many_attempts');
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(wait) && wait >= 1, `Retry-After: ${r.headers.get('retry-after')}`);
  assert.equal(r.body.retry_after, wait);
  return wait;
}

describe('sign-in limits', () => {
  let admin, union;
  before(async () => {
    admin = await Client.login('city_admin');
    union = await firstGrassroots(admin, admin.me.org_id);
  });

  it('answers a wrong ID number exactly as a phone of no member, and throttles activation long before 868 tries', async () => {
    const phone = newPhone();
    const idNumber = newId();
    const m = await admin.post('/api/v1/members', memberBody(union.id, { name: '激活限制', phone, id_number: idNumber }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    const wrongId = await new Client().post('/api/v1/portal/activate', { phone, id_number: newId(), password: 'edge-pass-2026' });
    const noMember = await new Client().post('/api/v1/portal/activate', { phone: newPhone(), id_number: idNumber, password: 'edge-pass-2026' });
    assert.equal(wrongId.status, 400);
    assert.deepEqual(wrongId.body, noMember.body);

    // The guesser's loop over the ID number's sequence digits.
    const first17 = idNumber.slice(0, 14);
    const { throttled, before: tries } = await until429('/api/v1/portal/activate', (i) => ({
      phone, id_number: `${first17}${String(i).padStart(3, '0')}X`, password: 'edge-pass-2026' }), 20);
    assert.ok(throttled, 'never throttled in 20 tries');
    assert.ok(tries.length <= 10, `${tries.length} tries before 429`);
    for (const r of tries) assert.deepEqual(r.body, noMember.body);
    const wait = assertThrottled(throttled);
    // After the back-off the right ID number is checked again.
    await sleep(wait * 1000 + 200);
    const ok = await new Client().post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'edge-pass-2026' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  });

  it('throttles a console account from one address, answers unknown and wrong alike, and lets the right password in after the back-off', async () => {
    const username = asciiName('edge_throttle_');
    assert.equal((await admin.post('/api/v1/users', { username, password: 'right-password-1', role: 'viewer' })).status, 201);
    const wrong = await new Client().post('/api/v1/auth/login', { username, password: 'wrong-password' });
    const unknown = await new Client().post('/api/v1/auth/login', { username: username + '_nobody', password: 'wrong-password' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);

    const { throttled, before: tries } = await until429('/api/v1/auth/login', { username, password: 'wrong-password' }, 20);
    assert.ok(throttled, 'never throttled in 20 tries');
    assert.ok(tries.length <= 10, `${tries.length} tries before 429`);
    for (const r of tries) assert.deepEqual(r.body, wrong.body);
    const wait = assertThrottled(throttled);
    // An unknown name is throttled the same way: a 429 tells nothing of whether it exists.
    const ghost = await until429('/api/v1/auth/login', { username: username + '_ghost', password: 'wrong-password' }, 20);
    assert.ok(ghost.throttled);
    assert.equal(ghost.throttled.body.code, throttled.body.code);

    await sleep(wait * 1000 + 200);
    const ok = await new Client().post('/api/v1/auth/login', { username, password: 'right-password-1' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    // The lockout is in the audit log, with the address.
    const audit = await admin.get(`/api/v1/audit?action=lockout&entity=user&entity_id=${ok.body.user_id}`);
    assert.equal(audit.status, 200);
    assert.ok(audit.body.items.length >= 1);
    assert.match(audit.body.items[0].after, /127\.0\.0\.1/);
  });

  it('throttles portal sign-in the same way', async () => {
    const phone = newPhone();
    const idNumber = newId();
    assert.equal((await admin.post('/api/v1/members', memberBody(union.id, { name: '登录限制', phone, id_number: idNumber }))).status, 201);
    assert.equal((await new Client().post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'portal-right-1' })).status, 200);
    const wrong = await new Client().post('/api/v1/portal/login', { phone, password: 'portal-wrong-1' });
    const unknown = await new Client().post('/api/v1/portal/login', { phone: newPhone(), password: 'portal-wrong-1' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    const { throttled } = await until429('/api/v1/portal/login', { phone, password: 'portal-wrong-1' }, 20);
    assert.ok(throttled, 'never throttled in 20 tries');
    const wait = assertThrottled(throttled);
    await sleep(wait * 1000 + 200);
    assert.equal((await new Client().post('/api/v1/portal/login', { phone, password: 'portal-right-1' })).status, 200);
  });
});

describe('headers', () => {
  const want = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'same-origin',
  };
  function assertHeaders(r, what) {
    for (const [k, v] of Object.entries(want)) assert.equal(r.headers.get(k), v, `${what}: ${k}`);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/, what);
    assert.match(csp, /script-src 'self'(;|$)/, what);
    assert.match(csp, /style-src 'self' 'unsafe-inline'/, what);
  }

  it('are on an API answer, an error and a 404', async () => {
    const admin = await Client.login('city_admin');
    const me = await admin.get('/api/v1/auth/me');
    assert.equal(me.status, 200);
    assertHeaders(me, 'API');
    assert.equal(me.headers.get('strict-transport-security'), null);  // served over http
    assertHeaders(await new Client().get('/api/v1/auth/me'), '401');
    const missing = await admin.get('/api/v1/no/such/route');
    assert.equal(missing.status, 404);
    assertHeaders(missing, '404');
  });

  describe('behind https (--public-url https://…)', () => {
    let server, base, dir;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'nj-edges-'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>nj</title>');
      const port = await new Promise((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
      });
      server = spawn(process.env.NJ_BIN, ['--db', process.env.NJ_DB, '--key-file', process.env.NJ_KEY_FILE,
        '--log-level', 'warn', '--files-dir', join(dir, 'files'), 'serve', '--port', String(port),
        '--static-dir', dir, '--public-url', 'https://niangjia.example.org'], { stdio: 'ignore' });
      base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 200; i++) {
        try { if ((await fetch(`${base}/healthz`)).ok) return; } catch {}
        await sleep(50);
      }
      throw new Error('the second server did not start');
    });
    after(() => {
      server?.kill();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('marks cookies Secure, sends HSTS, and the headers on a static file', async () => {
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'city_admin', password: PASSWORD }) });
      assert.equal(login.status, 200);
      const cookie = login.headers.getSetCookie().find((c) => c.startsWith('nj_session='));
      assert.match(cookie, /; Secure/);
      assert.match(cookie, /HttpOnly/);
      assert.match(login.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
      const file = await fetch(`${base}/index.html`);
      assert.equal(file.status, 200);
      assertHeaders(file, 'static');
      assert.match(file.headers.get('strict-transport-security') ?? '', /max-age/);
      // The test server itself (no --public-url) sends no Secure cookie.
      const plain = await new Client().post('/api/v1/auth/login', { username: 'city_admin', password: PASSWORD });
      assert.doesNotMatch(plain.headers.getSetCookie().join('\n'), /Secure/);
    });
  });
});

describe('sessions', () => {
  let admin;
  before(async () => { admin = await Client.login('city_admin'); });

  it('a password change ends the other sessions of a staff user', async () => {
    const username = asciiName('edge_pw_');
    assert.equal((await admin.post('/api/v1/users', { username, password: 'old-password-1', role: 'viewer' })).status, 201);
    const here = await Client.login(username, 'old-password-1');
    const there = await Client.login(username, 'old-password-1');
    const wrong = await here.post('/api/v1/auth/password', { current_password: 'not-it-at-all', new_password: 'new-password-1' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.field, 'current_password');
    const short = await here.post('/api/v1/auth/password', { current_password: 'old-password-1', new_password: 'short' });
    assert.equal(short.body.field, 'new_password');
    assert.equal((await here.post('/api/v1/auth/password', { current_password: 'old-password-1', new_password: 'new-password-1' }, { csrf: false })).status, 403);
    const ok = await here.post('/api/v1/auth/password', { current_password: 'old-password-1', new_password: 'new-password-1' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await there.get('/api/v1/auth/me')).status, 401);
    assert.equal((await here.get('/api/v1/auth/me')).status, 200);
    assert.equal((await new Client().post('/api/v1/auth/login', { username, password: 'old-password-1' })).status, 401);
    await Client.login(username, 'new-password-1');
  });

  it('a password change ends the other portal sessions of a member', async () => {
    const union = await firstGrassroots(admin, admin.me.org_id);
    const phone = newPhone();
    const idNumber = newId();
    assert.equal((await admin.post('/api/v1/members', memberBody(union.id, { name: '改密会员', phone, id_number: idNumber }))).status, 201);
    const here = new Client();
    assert.equal((await here.post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'member-old-1' })).status, 200);
    const there = new Client();
    assert.equal((await there.post('/api/v1/portal/login', { phone, password: 'member-old-1' })).status, 200);
    const wrong = await here.post('/api/v1/portal/password', { current_password: 'member-nope-1', new_password: 'member-new-1' });
    assert.equal(wrong.body.field, 'current_password');
    const ok = await here.post('/api/v1/portal/password', { current_password: 'member-old-1', new_password: 'member-new-1' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await there.get('/api/v1/portal/me')).status, 401);
    assert.equal((await here.get('/api/v1/portal/me')).status, 200);
    assert.equal((await new Client().post('/api/v1/portal/login', { phone, password: 'member-new-1' })).status, 200);
  });

  it('a disabled user loses their session at once and cannot sign in; enabled again they can', async () => {
    const username = asciiName('edge_off_');
    const made = await admin.post('/api/v1/users', { username, password: 'disabled-pass-1', role: 'viewer' });
    assert.equal(made.status, 201);
    const user = await Client.login(username, 'disabled-pass-1');
    assert.equal((await user.get('/api/v1/auth/me')).status, 200);  // the session is cached now
    const wrong = await new Client().post('/api/v1/auth/login', { username, password: 'not-the-password' });

    const off = await admin.post(`/api/v1/users/${made.body.id}/disable`, {});
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.equal((await user.get('/api/v1/auth/me')).status, 401);
    const refused = await new Client().post('/api/v1/auth/login', { username, password: 'disabled-pass-1' });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.body, wrong.body);
    const listed = (await admin.get('/api/v1/users')).body.items.find((u) => u.username === username);
    assert.equal(listed.disabled, true);
    const audit = await admin.get(`/api/v1/audit?entity=user&entity_id=${made.body.id}&action=disable`);
    assert.equal(audit.body.items.length, 1);

    assert.equal((await admin.post(`/api/v1/users/${admin.me.user_id}/disable`, {})).status, 400);
    const yiwu = await Client.login('yiwu_admin');
    assert.equal((await yiwu.post(`/api/v1/users/${made.body.id}/enable`, {})).status, 404);
    const viewer = await Client.login(username, 'disabled-pass-1').catch(() => null);
    assert.equal(viewer, null);

    assert.equal((await admin.post(`/api/v1/users/${made.body.id}/enable`, {})).status, 200);
    await Client.login(username, 'disabled-pass-1');
  });
});

describe('deletes', () => {
  it('a delete refused by what still refers to the record names it, in Chinese and English', async () => {
    const county = await Client.login('wucheng_admin');
    const township = (await Client.login('township_clerk')).me.org_id;
    const org = await county.post('/api/v1/orgs', { parent_id: township, kind: 'enterprise_union', name: uniqueName('评级') + '公司工会', division_code: '330702' });
    assert.equal(org.status, 201, JSON.stringify(org.body));
    const scores = { organisation: 24, rights: 23, democracy: 19, funds: 14, activities: 13 };
    assert.equal((await county.post(`/api/v1/orgs/${org.body.id}/ratings`, { year: 2025, scores })).status, 201);
    const zh = await county.del(`/api/v1/orgs/${org.body.id}`);
    assert.equal(zh.status, 409, JSON.stringify(zh.body));
    assert.match(zh.body.detail, /工会评级 1 条/);
    const en = await county.del(`/api/v1/orgs/${org.body.id}`, { headers: { 'accept-language': 'en' } });
    assert.equal(en.status, 409);
    assert.match(en.body.detail, /1 union ratings/);
    assert.equal((await county.get(`/api/v1/orgs/${org.body.id}`)).status, 200);
  });
});
