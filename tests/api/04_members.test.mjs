import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { checkChar, Client, memberBody, newId, uniqueName } from './lib.mjs';

async function statsOf(client, id) {
  const r = await client.get(`/api/v1/orgs/${id}/stats`);
  assert.equal(r.status, 200);
  return r.body;
}

describe('member registry', () => {
  let admin, clerk, union, township;

  before(async () => {
    admin = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    township = clerk.me.org_id;
    const r = await admin.post('/api/v1/orgs', {
      parent_id: township, kind: 'enterprise_union', name: uniqueName('测试企业') + '工会', division_code: '330702',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    union = r.body;
  });

  it('validates every field and names the wrong one', async () => {
    const good = newId();
    const wrongCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const cases = [
      [{ id_number: wrongCheck }, 'id_number', /校验位/],
      [{ id_number: '33070219' }, 'id_number', /18/],
      [{ id_number: (() => { const f = '33070220301010123'; return f + checkChar(f); })() }, 'id_number', /晚于今天/],
      [{ id_number: (() => { const f = '99070219900101123'; return f + checkChar(f); })() }, 'id_number', /地址码/],
      [{ phone: '12345' }, 'phone', /手机号/],
      [{ category: 'astronaut' }, 'category', /类别/],
      [{ join_date: '2999-01-01' }, 'join_date', /晚于今天/],
      [{ join_date: '2020-02-30' }, 'join_date', /日期/],
      [{ name: '' }, 'name', /./],
    ];
    for (const [over, field, message] of cases) {
      const r = await clerk.post('/api/v1/members', memberBody(union.id, over));
      assert.equal(r.status, 400, `${field}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.code, 'invalid_input');
      assert.equal(r.body.field, field);
      assert.match(r.body.detail, message);
    }
    const en = await clerk.post('/api/v1/members', memberBody(union.id, { id_number: wrongCheck }),
      { headers: { 'accept-language': 'en' } });
    assert.match(en.body.detail, /check character is wrong, expected/);
    assert.equal((await statsOf(admin, union.id)).members, 0);
  });

  it('stores personal data masked by default and reveals it with a reason, audited', async () => {
    const id = newId();
    const created = await clerk.post('/api/v1/members', memberBody(union.id, { id_number: id, phone: '139-0000-1234' }));
    assert.equal(created.status, 201);
    assert.match(created.body.id_number, /^\d{3}\*{11}[\dX]{4}$/);
    assert.equal(created.body.id_number, id.slice(0, 3) + '*'.repeat(11) + id.slice(14));
    assert.equal(created.body.phone, '139****1234');
    assert.equal(created.body.birth_date, `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
    assert.equal(created.body.sex, Number(id[16]) % 2 ? 'M' : 'F');
    const mid = created.body.id;

    const fetched = await admin.get(`/api/v1/members/${mid}`);
    assert.ok(!fetched.text.includes(id));

    const noReason = await admin.post(`/api/v1/members/${mid}/reveal`, { field: 'id_number', reason: ' ' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, 'reason');
    const clerkTry = await clerk.post(`/api/v1/members/${mid}/reveal`, { field: 'id_number', reason: '核对' });
    assert.equal(clerkTry.status, 403);

    const shown = await admin.post(`/api/v1/members/${mid}/reveal`, { field: 'id_number', reason: '核对会员身份' });
    assert.equal(shown.status, 200);
    assert.deepEqual(shown.body, { field: 'id_number', value: id });
    const phone = await admin.post(`/api/v1/members/${mid}/reveal`, { field: 'phone', reason: '联系会员' });
    assert.equal(phone.body.value, '13900001234');

    const audit = await admin.get(`/api/v1/audit?entity=member&entity_id=${mid}&action=reveal`);
    assert.equal(audit.status, 200);
    assert.equal(audit.body.items.length, 2);
    assert.equal(audit.body.items[1].reason, '核对会员身份');
    assert.equal(audit.body.items[1].username, 'wucheng_admin');
    const all = await admin.get(`/api/v1/audit?entity=member&entity_id=${mid}`);
    assert.ok(!all.text.includes(id), 'the audit log holds no clear ID');
    assert.ok(all.body.items.some((a) => a.action === 'create' && a.username === 'township_clerk'));
  });

  it('upgrades a 15-digit legacy number', async () => {
    const first17 = '33070219' + '5503' + '07' + String(100 + (process.pid % 800)).padStart(3, '0');
    const legacy = first17.slice(0, 6) + first17.slice(8, 17);
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { id_number: legacy }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const shown = await admin.post(`/api/v1/members/${r.body.id}/reveal`, { field: 'id_number', reason: '核对' });
    assert.equal(shown.body.value, first17 + checkChar(first17));
  });

  it('sorts by pinyin, pages with a cursor, and finds traditional spellings', async () => {
    const r = await admin.post('/api/v1/orgs', {
      parent_id: township, kind: 'enterprise_union', name: uniqueName('排序') + '工会', division_code: '330702',
    });
    const org = r.body.id;
    for (const name of ['张三', '阿明', '陈七', '张伟', '赵六', '李四', '王五']) {
      const c = await clerk.post('/api/v1/members', memberBody(org, { name }));
      assert.equal(c.status, 201);
    }
    const list = await clerk.get(`/api/v1/members?org_id=${org}`);
    assert.deepEqual(list.body.items.map((m) => m.name), ['阿明', '陈七', '李四', '王五', '张三', '张伟', '赵六']);
    assert.equal(list.body.next_cursor, null);

    const seen = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const p = await clerk.get(`/api/v1/members?org_id=${org}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(p.status, 200);
      assert.ok(p.body.items.length <= 3);
      seen.push(...p.body.items.map((m) => m.name));
      if (!p.body.next_cursor) break;
      cursor = p.body.next_cursor;
    }
    assert.deepEqual(seen, ['阿明', '陈七', '李四', '王五', '张三', '张伟', '赵六']);

    const trad = await clerk.get(`/api/v1/members?org_id=${org}&name=${encodeURIComponent('張偉')}`);
    assert.deepEqual(trad.body.items.map((m) => m.name), ['张伟']);
    const prefix = await clerk.get(`/api/v1/members?org_id=${org}&name=${encodeURIComponent('張')}`);
    assert.deepEqual(prefix.body.items.map((m) => m.name), ['张三', '张伟']);
    assert.equal((await clerk.get(`/api/v1/members?cursor=garbage`)).status, 400);
    assert.equal((await clerk.get(`/api/v1/members?limit=0`)).body.field, 'limit');
  });

  it('pages through a large subtree without losing or repeating anyone', async () => {
    const seen = new Set();
    let cursor = '';
    let pages = 0;
    for (;;) {
      const p = await admin.get(`/api/v1/members?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(p.status, 200);
      for (const m of p.body.items) {
        assert.ok(!seen.has(m.id), `member ${m.id} twice`);
        seen.add(m.id);
      }
      pages++;
      if (!p.body.next_cursor) break;
      cursor = p.body.next_cursor;
    }
    const stats = await statsOf(admin, admin.me.org_id);
    const inactive = await admin.get('/api/v1/members?status=exited&limit=200');
    assert.ok(seen.size >= stats.members, `${seen.size} listed, ${stats.members} active`);
    assert.ok(pages > 1);
    assert.ok(inactive.body.items.every((m) => m.status === 'exited'));
  });

  it('keeps the counts of the organisation and every ancestor in step', async () => {
    const before = await Promise.all([union.id, township, admin.me.org_id].map((id) => statsOf(admin, id)));
    const city = await Client.login('city_admin');
    const cityBefore = await statsOf(city, 1);
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { category: 'delivery_rider' }));
    assert.equal(r.status, 201);
    assert.equal(r.body.new_form_worker, true);
    const after = await Promise.all([union.id, township, admin.me.org_id].map((id) => statsOf(admin, id)));
    for (let i = 0; i < 3; i++) assert.equal(after[i].members, before[i].members + 1);
    const riders = (s) => s.by_category.find((c) => c.category === 'delivery_rider')?.subtree ?? 0;
    assert.equal(riders(after[0]), riders(before[0]) + 1);
    assert.equal((await statsOf(city, 1)).members, cityBefore.members + 1);

    const exit = await clerk.post(`/api/v1/members/${r.body.id}/status`, { status: 'exited', reason: '离职' });
    assert.equal(exit.status, 200);
    assert.equal(exit.body.status, 'exited');
    assert.equal((await statsOf(admin, union.id)).members, before[0].members);
    assert.equal((await statsOf(city, 1)).members, cityBefore.members);
    const bad = await clerk.post(`/api/v1/members/${r.body.id}/status`, { status: 'retired', reason: 'x' });
    assert.equal(bad.body.field, 'status');
  });

  it('edits a member and refuses a change of union by edit', async () => {
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { name: '刘编辑' }));
    const id = r.body.id;
    const edit = await clerk.put(`/api/v1/members/${id}`, memberBody(union.id, { name: '刘已编辑', id_number: '33070219' }));
    assert.equal(edit.status, 400);
    assert.equal(edit.body.field, 'id_number');
    const ok = await clerk.put(`/api/v1/members/${id}`, { ...memberBody(union.id), name: '刘已编辑', id_number: (await admin.post(`/api/v1/members/${id}/reveal`, { field: 'id_number', reason: '编辑' })).body.value });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.name, '刘已编辑');
    const move = await clerk.put(`/api/v1/members/${id}`, { ...memberBody(township), id_number: newId() });
    assert.equal(move.status, 400);
    assert.equal(move.body.field, 'org_id');
    const audit = await admin.get(`/api/v1/audit?entity=member&entity_id=${id}&action=update`);
    assert.equal(audit.body.items.length, 1);
    assert.match(audit.body.items[0].before, /刘编辑/);
    assert.match(audit.body.items[0].after, /刘已编辑/);
  });

  it('keeps the stored ID number and phone when an edit leaves them out', async () => {
    const body = memberBody(union.id, { name: '编辑测试' });
    const created = (await admin.post('/api/v1/members', body)).body;
    const { id_number, phone, ...rest } = body;
    const edited = await admin.put(`/api/v1/members/${created.id}`, { ...rest, name: '编辑后', employer: '新单位' });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.name, '编辑后');
    assert.equal(edited.body.id_number, created.id_number);
    assert.equal(edited.body.phone, created.phone);
    const clear = await admin.post(`/api/v1/members/${created.id}/reveal`, { field: 'id_number', reason: '核对' });
    assert.equal(clear.body.value, id_number);
    const cleared = await admin.put(`/api/v1/members/${created.id}`, { ...rest, phone: '' });
    assert.equal(cleared.body.phone, '');
  });

  it('filters by all new-employment-form categories at once', async () => {
    const r = await admin.get('/api/v1/members?category=new_form&limit=200');
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length > 0);
    const newForm = ['courier', 'delivery_rider', 'ride_hailing_driver', 'truck_driver'];
    assert.ok(r.body.items.every((m) => newForm.includes(m.category)));
    assert.ok(r.body.items.every((m) => m.new_form_worker));
  });
});
