// Finding people (issue 15, item 4): one search box `q` on the members list, told by its shape —
// any part of a name (simplified or traditional, spaces ignored), a full ID number or phone
// (exact, through the blind index: a fragment finds nobody), a card number — and the total
// under any filter, with page numbers.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, newId, uniqueName } from './lib.mjs';

const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
// The card number the portal shows: the id as 11 digits and a Luhn check digit.
function cardNo(id) {
  const digits = String(id).padStart(11, '0');
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return digits + ((10 - (sum % 10)) % 10);
}

describe('finding people', () => {
  let admin, other, union;
  const people = {};

  before(async () => {
    admin = await Client.login('wucheng_admin');
    other = await Client.login('yiwu_admin');
    const clerk = await Client.login('township_clerk');
    const r = await admin.post('/api/v1/orgs', {
      parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('查找测试') + '工会', division_code: '330702',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    union = r.body;
    for (const [key, name] of [['ouyang', '欧阳斌波'], ['zhang', '張斌偉'], ['li', '李明']]) {
      const body = memberBody(union.id, { name, id_number: newId(), phone: phone() });
      const m = await admin.post('/api/v1/members', body);
      assert.equal(m.status, 201, JSON.stringify(m.body));
      people[key] = { ...m.body, clear_id: body.id_number, clear_phone: body.phone };
    }
  });

  const find = (client, q, extra = '') =>
    client.get(`/api/v1/members?q=${encodeURIComponent(q)}${extra}`);
  const names = (r) => r.body.items.map((m) => m.name).sort();

  it('finds a middle part of a name, traditional or simplified, with or without spaces', async () => {
    const inUnion = `&org_id=${union.id}`;
    for (const [q, want] of [
      ['斌波', ['欧阳斌波']],
      ['阳斌', ['欧阳斌波']],
      ['陽斌', ['欧阳斌波']], // traditional typed for a simplified name
      ['斌伟', ['張斌偉']], // simplified typed for a traditional name
      ['斌偉', ['張斌偉']],
      ['  欧阳 斌 波 ', ['欧阳斌波']],
      ['斌', ['張斌偉', '欧阳斌波'].sort()],
      ['赵', []],
      ['%', []], // LIKE's wildcards are matched as themselves
      ['_', []],
    ]) {
      const r = await find(admin, q, inUnion);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(names(r), want, `q=${q}`);
      assert.equal(r.body.total, want.length, `total for q=${q}`);
      assert.equal(r.body.total_capped, false);
    }
    // The prefix filter `name` still works beside it.
    const prefix = await admin.get(`/api/v1/members?name=${encodeURIComponent('欧阳')}${inUnion}`);
    assert.deepEqual(names(prefix), ['欧阳斌波']);
    const notPrefix = await admin.get(`/api/v1/members?name=${encodeURIComponent('斌波')}${inUnion}`);
    assert.deepEqual(names(notPrefix), []);
  });

  it('finds a full ID number exactly across the scope, and nobody by a part of one', async () => {
    const p = people.zhang;
    const exact = await find(admin, p.clear_id);
    assert.equal(exact.status, 200);
    assert.deepEqual(exact.body.items.map((m) => m.id), [p.id]);
    assert.equal(exact.body.total, 1);
    const spaced = await find(admin, `${p.clear_id.slice(0, 6)} ${p.clear_id.slice(6, 14)} ${p.clear_id.slice(14).toLowerCase()}`);
    assert.deepEqual(spaced.body.items.map((m) => m.id), [p.id]);
    for (const part of [p.clear_id.slice(0, 17), p.clear_id.slice(0, 6), p.clear_id.slice(-4), p.clear_id.slice(1)]) {
      const r = await find(admin, part, `&org_id=${union.id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.items.length, 0, `a part of an ID number (${part.length} characters) finds nobody`);
      assert.equal(r.body.total, 0);
    }
    // Another county's user finds nobody by it: out of scope reads as no such member.
    const out = await find(other, p.clear_id);
    assert.equal(out.status, 200);
    assert.equal(out.body.items.length, 0);
    assert.equal(out.body.total, 0);
  });

  it('finds a phone exactly, and a card number', async () => {
    const p = people.ouyang;
    const byPhone = await find(admin, p.clear_phone);
    assert.equal(byPhone.status, 200);
    assert.deepEqual(byPhone.body.items.map((m) => m.id), [p.id]);
    const spaced = await find(admin, `${p.clear_phone.slice(0, 3)} ${p.clear_phone.slice(3, 7)} ${p.clear_phone.slice(7)}`);
    assert.deepEqual(spaced.body.items.map((m) => m.id), [p.id]);
    assert.equal((await find(admin, p.clear_phone.slice(0, 10), `&org_id=${union.id}`)).body.items.length, 0);

    const card = cardNo(people.li.id);
    assert.equal(people.li.card_no, card, 'the list shows the card number');
    const byCard = await find(admin, card);
    assert.deepEqual(byCard.body.items.map((m) => m.id), [people.li.id]);
    assert.equal(byCard.body.total, 1);
    // A wrong check digit names nobody; another county cannot find the member by number.
    const wrong = card.slice(0, -1) + ((Number(card.at(-1)) + 1) % 10);
    assert.equal((await find(admin, wrong)).body.items.length, 0);
    assert.equal((await find(other, card)).body.items.length, 0);
  });

  it('answers the total under any filter and pages by number', async () => {
    const base = `/api/v1/members?org_id=${union.id}&limit=1`;
    const first = await admin.get(base);
    assert.equal(first.status, 200);
    assert.equal(first.body.total, 3);
    assert.equal(first.body.total_capped, false);
    assert.equal(first.body.items.length, 1);
    const pages = [];
    for (const n of [1, 2, 3, 4]) {
      const r = await admin.get(`${base}&page=${n}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      // Counted (any status): on the first page only; the console keeps it (api/43_lists).
      assert.equal(r.body.total, n === 1 ? 3 : undefined);
      pages.push(...r.body.items.map((m) => m.id));
    }
    assert.equal(pages.length, 3, 'page 4 of 3 rows is empty');
    assert.equal(new Set(pages).size, 3);
    assert.equal(pages[0], first.body.items[0].id, 'page 1 is the first page of the cursor list');
    const filtered = await admin.get(`${base}&category=technical`);
    assert.equal(filtered.body.total, 0);
    // A county's whole list: the count stops at 10 000 and says so.
    const county = await admin.get('/api/v1/members?limit=1');
    assert.equal(county.status, 200);
    assert.ok(county.body.total >= 3 && county.body.total <= 10000);
    assert.equal(county.body.total_capped, county.body.total === 10000);
  });

  it('refuses bad input naming the parameter', async () => {
    for (const [path, field] of [
      [`/api/v1/members?q=${'张'.repeat(201)}`, 'q'],
      [`/api/v1/members?q=${encodeURIComponent('张\u0001')}`, 'q'],
      ['/api/v1/members?page=-1', 'page'],
      ['/api/v1/members?page=x', 'page'],
      ['/api/v1/members?page=10001&limit=1', 'page'],
      ['/api/v1/members?page=51&limit=200', 'page'],
    ]) {
      const r = await admin.get(path.replace(/张+/, (s) => encodeURIComponent(s)));
      assert.equal(r.status, 400, `${path.slice(0, 60)}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.field, field, path.slice(0, 60));
    }
    const ok = await admin.get(`/api/v1/members?q=${encodeURIComponent('张'.repeat(200))}`);
    assert.equal(ok.status, 200);
    const first = await admin.get(`/api/v1/members?org_id=${union.id}&limit=1`);
    const both = await admin.get(`/api/v1/members?org_id=${union.id}&limit=1&page=2&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    assert.equal(both.status, 400);
    assert.equal(both.body.field, 'page');
  });

  it('finds payout items, claims and archives by any part of the member\'s name, in scope', async () => {
    const city = await Client.login('city_admin');
    for (const path of ['/api/v1/payout/items', '/api/v1/aid/claims', '/api/v1/aid/hand-claims', '/api/v1/hardship/archives']) {
      const all = await city.get(`${path}?limit=1`);
      assert.equal(all.status, 200, `${path}: ${JSON.stringify(all.body)}`);
      const first = all.body.items[0];
      assert.ok(first, `${path}: the demo has one`);
      const name = first.member_name;
      assert.ok(name && !name.includes('*'), `${path}: the name is shown (${name})`);
      // The name without its first character, typed with a space and in traditional form where
      // one exists (张→張 and the like are folded back).
      const part = [...name].slice(1).join('');
      const typed = ` ${part.replace(/张/g, '張').replace(/陈/g, '陳')} `;
      const r = await city.get(`${path}?limit=200&q=${encodeURIComponent(typed)}`);
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
      assert.ok(r.body.items.length > 0, `${path}: ${part} finds someone`);
      assert.ok(r.body.items.every((x) => x.member_name.includes(part)), `${path}: every item is of a name with ${part}`);
      if (r.body.items.length < 200) assert.ok(r.body.items.some((x) => x.id === first.id), `${path}: the item is found`);
      const none = await city.get(`${path}?q=${encodeURIComponent('查无此人名')}`);
      assert.equal(none.status, 200);
      assert.equal(none.body.items.length, 0, path);
      const long = await city.get(`${path}?q=${encodeURIComponent('张'.repeat(201))}`);
      assert.equal(long.status, 400, path);
      assert.equal(long.body.field, 'q', path);
    }
  });
});
