import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, firstGrassroots, newId } from './lib.mjs';

// ISO/IEC 7812 (Luhn): a valid number sums to a multiple of 10.
function luhnValid(digits) {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return sum % 10 === 0;
}

describe('member portal', () => {
  let clerk, union, member, phone, idNumber;
  const password = 'portal-pass-2026';

  before(async () => {
    clerk = await Client.login('city_admin');
    union = await firstGrassroots(clerk, clerk.me.org_id);
    phone = `139${String(Date.now() % 1e8).padStart(8, '0')}`;
    idNumber = newId();
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { name: '门户测试', phone, id_number: idNumber }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    member = r.body;
  });

  it('activates only with the phone and ID number on record, once', async () => {
    const wrong = await new Client().post('/api/v1/portal/activate', { phone, id_number: newId(), password });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.field, 'id_number');
    const badPhone = await new Client().post('/api/v1/portal/activate', { phone: '12345', id_number: idNumber, password });
    assert.equal(badPhone.body.field, 'phone');
    const weak = await new Client().post('/api/v1/portal/activate', { phone, id_number: idNumber, password: '1' });
    assert.equal(weak.status, 400);

    const c = new Client();
    const ok = await c.post('/api/v1/portal/activate', { phone, id_number: idNumber.toLowerCase(), password });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.member_id, member.id);
    assert.equal(ok.body.name, '门户测试');
    assert.ok(c.cookies.get('nj_member'));
    const again = await new Client().post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'another-pass-1' });
    assert.equal(again.status, 409);
  });

  it('signs in with phone and password and shows the card, masked', async () => {
    const bad = await new Client().post('/api/v1/portal/login', { phone, password: 'wrong-password' });
    assert.equal(bad.status, 401);
    const c = new Client();
    const signedIn = await c.post('/api/v1/portal/login', { phone: phone.replace(/^(\d{3})(\d{4})/, '$1 $2 '), password });
    assert.equal(signedIn.status, 200);
    const me = await c.get('/api/v1/portal/me');
    assert.equal(me.status, 200);
    // The sign-in answers with the same card (the portal shows it with no second round trip).
    assert.deepEqual(signedIn.body, me.body);
    assert.equal(me.body.name, '门户测试');
    assert.equal(me.body.org_name, union.name);
    assert.match(me.body.card_no, /^\d{12}$/);
    assert.ok(luhnValid(me.body.card_no));
    assert.equal(Number(me.body.card_no.slice(0, -1)), member.id);
    assert.match(me.body.id_number, /\*+/);
    assert.notEqual(me.body.id_number, idNumber);
    assert.match(me.body.phone, /^\d{3}\*{4}\d{4}$/);
  });

  it('lists the union and every federation above it with contacts', async () => {
    const c = new Client();
    await c.post('/api/v1/portal/login', { phone, password });
    const u = await c.get('/api/v1/portal/union');
    assert.equal(u.status, 200);
    assert.equal(u.body.org.id, union.id);
    assert.ok(u.body.parents.length >= 2);
    assert.equal(u.body.parents.at(-1).kind, 'city_federation');
    for (const o of [u.body.org, ...u.body.parents]) assert.match(o.contact_phone, /^0579-\d{8}$/);
  });

  it('keeps member and staff sessions apart, and needs the CSRF token', async () => {
    const c = new Client();
    await c.post('/api/v1/portal/login', { phone, password });
    assert.equal((await c.get('/api/v1/members')).status, 401);
    assert.equal((await clerk.get('/api/v1/portal/me')).status, 401);
    assert.equal((await c.post('/api/v1/portal/logout', {}, { csrf: false })).status, 403);
    assert.equal((await c.post('/api/v1/portal/logout', {})).status, 200);
    assert.equal((await c.get('/api/v1/portal/me')).status, 401);
  });

  it('ends the portal for a member who has left the union', async () => {
    const c = new Client();
    await c.post('/api/v1/portal/login', { phone, password });
    const left = await clerk.post(`/api/v1/members/${member.id}/status`, { status: 'exited', reason: '离职' });
    assert.equal(left.status, 200);
    assert.equal((await c.get('/api/v1/portal/me')).status, 401);
    assert.equal((await new Client().post('/api/v1/portal/login', { phone, password })).status, 401);
    await clerk.post(`/api/v1/members/${member.id}/status`, { status: 'active', reason: '复职' });
    assert.equal((await new Client().post('/api/v1/portal/login', { phone, password })).status, 200);
  });

  it('throttles the account from one address after five wrong passwords', async () => {
    for (let i = 0; i < 4; i++) {
      assert.equal((await new Client().post('/api/v1/portal/login', { phone, password: `wrong-${i}` })).status, 401);
    }
    let throttled = null;
    for (let i = 0; i < 16 && !throttled; i++) {
      const r = await new Client().post('/api/v1/portal/login', { phone, password: `wrong-${i}` });
      if (r.status === 429) throttled = r;
      else assert.equal(r.status, 401);
    }
    assert.ok(throttled, 'never throttled');
    assert.equal(throttled.body.code, 'too_many_attempts');
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
  });
});
