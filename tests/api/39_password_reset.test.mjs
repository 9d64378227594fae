// A forgotten password by a texted code: the code goes through the SMS sink (a log file the server
// writes, NJ_SMS_LOG), the same answer for any phone, one code a minute per phone (429), the code
// checked (wrong, expired, used, voided after five wrong tries: 400 naming `code`), the password
// set by activation's rules, every other session ended, the member signed in and the step audited.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { Client, memberBody, newId, uniqueName, sql } from './lib.mjs';

const SMS_LOG = process.env.NJ_SMS_LOG ?? '';
let phoneSeq = (Date.now() + 5e6) % 1e7;
const newPhone = () => `157${String(phoneSeq++ % 1e8).padStart(8, '0')}`;

// The texts the sink wrote to `phone`, oldest first: "<time>\t<phone>\t<text>".
function textsTo(phone) {
  if (!existsSync(SMS_LOG)) return [];
  return readFileSync(SMS_LOG, 'utf8').split('\n').filter(Boolean)
    .map((l) => l.split('\t')).filter((f) => f[1] === phone).map((f) => f[2]);
}
function lastCode(phone) {
  const texts = textsTo(phone);
  assert.ok(texts.length, `a text to ${phone}`);
  const m = texts.at(-1).match(/验证码为 (\d{6})/);
  assert.ok(m, texts.at(-1));
  return m[1];
}
const otherCode = (code) => String((Number(code) + 1) % 1e6).padStart(6, '0');

describe('a forgotten password, by a texted code', () => {
  let county, yiwu, union;
  const password = 'reset-old-2026';
  const fresh = 'reset-new-2026';

  // A member on record with a phone of their own; activated unless told otherwise.
  const addMember = async (name, { activate = true } = {}) => {
    const idNumber = newId();
    const phone = newPhone();
    const r = await county.post('/api/v1/members', memberBody(union.id, { name, id_number: idNumber, phone }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const m = { ...r.body, idNumber, phone };
    if (activate) {
      m.portal = new Client();
      const a = await m.portal.post('/api/v1/portal/activate', { phone, id_number: idNumber, password });
      assert.equal(a.status, 200, JSON.stringify(a.body));
    }
    return m;
  };
  const askCode = (phone) => new Client().post('/api/v1/portal/password/code', { phone });
  const reset = (client, phone, code, pw = fresh) => client.post('/api/v1/portal/password/reset', { phone, code, password: pw });

  before(async () => {
    assert.ok(SMS_LOG, 'scripts/test.sh passes NJ_SMS_LOG');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    const clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('重设密码公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
  });

  it('answers the same for a member\'s phone and any other, texting a 6-digit code to the member only', async () => {
    const m = await addMember('重设甲');
    const stranger = newPhone();
    const known = await askCode(m.phone);
    const unknown = await askCode(stranger);
    assert.deepEqual([known.status, known.body], [200, { ok: true }]);
    assert.deepEqual([unknown.status, unknown.body], [known.status, known.body], 'no enumeration');
    assert.equal(textsTo(stranger).length, 0, 'nothing sent to a phone of no member');
    assert.equal(textsTo(m.phone).length, 1);
    assert.match(lastCode(m.phone), /^\d{6}$/);
    // Stored as a keyed hash only: the code is nowhere in the table.
    const hex = process.env.NJ_DIALECT === 'postgres' ? "encode(code_hash, 'hex')" : 'hex(code_hash)';
    const stored = sql(`SELECT ${hex} FROM member_reset_code WHERE member_id = ${m.id}`);
    assert.ok(stored.trim().length >= 32, stored);
    assert.ok(!stored.includes(lastCode(m.phone)));
  });

  it('texts one code a minute per phone, member or not: 429 with Retry-After', async () => {
    const m = await addMember('重设乙');
    const stranger = newPhone();
    for (const phone of [m.phone, stranger]) {
      assert.equal((await askCode(phone)).status, 200);
      const again = await askCode(phone);
      assert.equal(again.status, 429, JSON.stringify(again.body));
      const wait = Number(again.headers.get('retry-after'));
      assert.ok(wait > 50 && wait <= 60, `Retry-After ${wait}`);
    }
    assert.equal(textsTo(m.phone).length, 1, 'the second was not sent');
  });

  it('refuses what is no phone, and a body without one', async () => {
    for (const phone of ['12345', '2381234567a', '']) {
      const r = await askCode(phone);
      assert.deepEqual([r.status, r.body.field], [400, 'phone'], phone);
    }
    const none = await new Client().post('/api/v1/portal/password/code', {});
    assert.deepEqual([none.status, none.body.field], [400, 'phone']);
    const bad = await reset(new Client(), 'abc', '123456');
    assert.deepEqual([bad.status, bad.body.field], [400, 'phone']);
  });

  it('sets the new password with the right code: signed in, other sessions ended, audited; the code used up', async () => {
    const m = await addMember('重设丙');
    const other = new Client();
    assert.equal((await other.post('/api/v1/portal/login', { phone: m.phone, password })).status, 200);
    assert.equal((await askCode(m.phone)).status, 200);
    const code = lastCode(m.phone);

    const c = new Client();
    const wrong = await reset(c, m.phone, otherCode(code));
    assert.deepEqual([wrong.status, wrong.body.field], [400, 'code']);
    for (const shape of ['12345', '1234567', 'abcdef']) {
      const r = await reset(c, m.phone, shape);
      assert.deepEqual([r.status, r.body.field], [400, 'code'], shape);
    }
    const short = await reset(c, m.phone, code, 'short');
    assert.deepEqual([short.status, short.body.field], [400, 'password'], 'activation\'s rules');

    const done = await reset(c, m.phone, code);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.member_id, m.id);
    assert.equal(done.body.name, '重设丙');
    assert.match(done.headers.get('set-cookie'), /nj_member=/);
    const me = await c.get('/api/v1/portal/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.member_id, m.id);
    assert.equal((await c.post('/api/v1/portal/messages/read-all', {})).status, 200, 'the session\'s CSRF token works');

    assert.equal((await m.portal.get('/api/v1/portal/me')).status, 401, 'the session before the reset ended');
    assert.equal((await other.get('/api/v1/portal/me')).status, 401, 'and every other');
    assert.equal((await new Client().post('/api/v1/portal/login', { phone: m.phone, password })).status, 401, 'the old password is gone');
    assert.equal((await new Client().post('/api/v1/portal/login', { phone: m.phone, password: fresh })).status, 200);

    const reused = await reset(new Client(), m.phone, code, 'reset-third-2026');
    assert.deepEqual([reused.status, reused.body.field], [400, 'code'], 'a code serves once');

    const audit = await county.get(`/api/v1/audit?entity=member&entity_id=${m.id}&limit=50`);
    const row = audit.body.items.find((a) => a.action === 'password_reset');
    assert.ok(row, JSON.stringify(audit.body.items));
    assert.equal(row.username, 'system:portal');
    assert.equal((await yiwu.get(`/api/v1/audit?entity=member&entity_id=${m.id}`)).body.items.length, 0, 'filed at the member\'s union');
  });

  it('refuses an expired code (its time set back by SQL, no waiting)', async () => {
    const m = await addMember('重设丁');
    assert.equal((await askCode(m.phone)).status, 200);
    sql(`UPDATE member_reset_code SET expires_at = sent_at - 1 WHERE member_id = ${m.id}`);
    const r = await reset(new Client(), m.phone, lastCode(m.phone));
    assert.deepEqual([r.status, r.body.field], [400, 'code']);
    assert.equal((await new Client().post('/api/v1/portal/login', { phone: m.phone, password })).status, 200, 'the password unchanged');
  });

  it('voids a code after five wrong tries', async () => {
    const m = await addMember('重设戊');
    assert.equal((await askCode(m.phone)).status, 200);
    const code = lastCode(m.phone);
    for (let i = 0; i < 5; i++) {
      const r = await reset(new Client(), m.phone, otherCode(String((Number(code) + i) % 1e6)));
      assert.deepEqual([r.status, r.body.field], [400, 'code'], `try ${i + 1}`);
    }
    const late = await reset(new Client(), m.phone, code);
    assert.deepEqual([late.status, late.body.field], [400, 'code'], 'the right code, too late');
    assert.equal((await new Client().post('/api/v1/portal/login', { phone: m.phone, password })).status, 200, 'the password unchanged');
  });

  it('gives a member who never activated a password (the code proves the phone on record)', async () => {
    const m = await addMember('重设庚', { activate: false });
    assert.equal((await askCode(m.phone)).status, 200);
    const c = new Client();
    const done = await reset(c, m.phone, lastCode(m.phone));
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal((await c.get('/api/v1/portal/me')).body.member_id, m.id);
    const again = await new Client().post('/api/v1/portal/activate', { phone: m.phone, id_number: m.idNumber, password });
    assert.equal(again.status, 409, 'the account exists now');
  });

  it('answers a phone of no member with the same 400 as a wrong code, and limits guesses like sign-in (the lockout audited)', async () => {
    const nobody = newPhone();
    for (let i = 0; i < 5; i++) {
      const r = await reset(new Client(), nobody, '123456');
      assert.deepEqual([r.status, r.body.field], [400, 'code'], `try ${i + 1}`);
    }
    const held = await reset(new Client(), nobody, '123456');
    assert.equal(held.status, 429, JSON.stringify(held.body));
    assert.ok(Number(held.headers.get('retry-after')) >= 1);
    const city = await Client.login('city_admin');
    const masked = `${nobody.slice(0, 3)}****${nobody.slice(-4)}`;
    const rows = await city.get(`/api/v1/audit?entity=sign_in&entity_id=${masked}&action=lockout`);
    assert.equal(rows.status, 200, JSON.stringify(rows.body));
    assert.equal(rows.body.items.length, 1, JSON.stringify(rows.body.items));
  });
});
