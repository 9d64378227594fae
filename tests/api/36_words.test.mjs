// Words instead of codes (issue 15, item 9): the audit log filters by action and by record
// (refusing what is no code, naming the parameter); a portal step names the member it was done
// for; every permission, action, record kind and field the server writes has words in Chinese
// and English in the web messages; every dictionary entry has both names.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync, statSync } from 'node:fs';
import { Client, memberBody, newId, sql, uniqueName } from './lib.mjs';

const web = fileURLToPath(new URL('../../web/src/', import.meta.url));
const { mergeMessages, sharedKeyIn } = await import(join(web, 'i18n/merge.js'));
const LANGS = ['zh-CN', 'en'];

async function messages() {
  const base = {};
  for (const lang of LANGS) base[lang] = (await import(join(web, `i18n/${lang}.js`))).default;
  const manifests = [];
  for (const module of readdirSync(join(web, 'modules')).sort()) {
    if (!statSync(join(web, 'modules', module)).isDirectory()) continue;
    const m = {};
    for (const lang of LANGS) {
      try {
        m[lang] = (await import(join(web, 'modules', module, `messages.${lang}.js`))).default;
      } catch (e) {
        if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
      }
    }
    manifests.push({ module, messages: m });
  }
  return mergeMessages(base, manifests).messages;
}

// The words of `code` in `group` in every language, or the languages lacking them.
function lacking(all, group, codes) {
  const out = [];
  for (const code of codes) {
    for (const lang of LANGS) if (!sharedKeyIn(all[lang], group, code)) out.push(`${lang} ${group}.${code}`);
  }
  return out;
}

// Lines "w=<value>" of a query, whichever shell (sqlite3 or psql) ran it.
const values = (statement) => [...sql(statement).matchAll(/w=(\S+)/g)].map((m) => m[1]);
const json = (col) =>
  process.env.NJ_DIALECT === 'postgres'
    ? `SELECT DISTINCT 'w=' || k FROM audit_log, json_object_keys(CASE WHEN ${col} LIKE '{%' THEN ${col}::json ELSE '{}'::json END) AS k`
    : `SELECT DISTINCT 'w=' || j.key FROM audit_log, json_each(CASE WHEN json_valid(${col}) AND ${col} LIKE '{%' THEN ${col} ELSE '{}' END) AS j`;

describe('the audit log in words', () => {
  let county, union, member, phone, idNumber;

  before(async () => {
    county = await Client.login('wucheng_admin');
    const clerk = await Client.login('township_clerk');
    const made = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('词语公司工会'), division_code: '330702' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    union = made.body;
    phone = `136${String(Date.now() % 1e8).padStart(8, '0')}`;
    idNumber = newId();
    const m = await county.post('/api/v1/members', memberBody(union.id, { name: '词语测试', phone, id_number: idNumber }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    member = m.body;
  });

  it('filters by action and by record (kind and number)', async () => {
    const changed = await county.put(`/api/v1/members/${member.id}`, { ...memberBody(union.id, { name: '词语测试二', phone, id_number: idNumber }) });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const r = await county.get(`/api/v1/audit?action=update&entity=member&entity_id=${member.id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.items.length, 1, JSON.stringify(r.body.items));
    assert.equal(r.body.items[0].action, 'update');
    const created = await county.get(`/api/v1/audit?action=create&entity=member&entity_id=${member.id}`);
    assert.deepEqual(created.body.items.map((a) => a.action), ['create']);
    const all = await county.get(`/api/v1/audit?entity=member&entity_id=${member.id}`);
    assert.deepEqual(all.body.items.map((a) => a.action), ['update', 'create']);
    // A dotted action (an application's step) is a code too.
    const apps = await county.get('/api/v1/audit?action=application.create&limit=5');
    assert.equal(apps.status, 200, JSON.stringify(apps.body));
    for (const a of apps.body.items) assert.equal(a.action, 'application.create');
    // The other kind of record with the same number is not this one.
    const other = await county.get(`/api/v1/audit?entity=org&entity_id=${member.id}&action=update`);
    assert.ok(other.body.items.every((a) => a.entity === 'org'));
  });

  it('refuses a filter that is no code, naming the parameter', async () => {
    for (const [param, value] of [['action', 'Update'], ['action', "create' OR 1=1"], ['entity', 'member x'], ['entity', '会员'], ['action', 'a'.repeat(65)]]) {
      const r = await county.get(`/api/v1/audit?${param}=${encodeURIComponent(value)}`);
      assert.equal(r.status, 400, `${param}=${value}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.field, param);
      assert.ok(!JSON.stringify(r.body).includes('a'.repeat(65)), 'no long echo');
    }
    const dates = await county.get('/api/v1/audit?from_date=2026-05-02&to_date=2026-05-01');
    assert.equal(dates.status, 400);
    assert.equal(dates.body.field, 'to_date');
  });

  it('names the member a portal step was done for, masked, and keeps system:portal as the actor', async () => {
    const c = new Client();
    const ok = await c.post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'words-pass-2026' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const r = await county.get(`/api/v1/audit?action=activate&entity=member&entity_id=${member.id}`);
    assert.equal(r.body.items.length, 1, JSON.stringify(r.body));
    const row = r.body.items[0];
    assert.equal(row.username, 'system:portal');
    assert.equal(row.member_id, member.id);
    assert.equal(row.member_name, '词****');
    // A clerk's own step names no member.
    const clerkRow = (await county.get(`/api/v1/audit?action=update&entity=member&entity_id=${member.id}`)).body.items[0];
    assert.equal(clerkRow.member_id, 0);
    assert.equal(clerkRow.member_name, '');
    // The chain still verifies with the member hashed in.
    assert.match(sql("SELECT 'w=' || COUNT(*) FROM audit_log WHERE acting_member_id IS NOT NULL"), /w=[1-9]/);
  });

  it('has words in both languages for every permission, action, record kind and field the server wrote', async () => {
    const all = await messages();
    const roles = await county.get('/api/v1/roles');
    const permissions = [...new Set(roles.body.items.flatMap((r) => r.permissions))];
    assert.ok(permissions.includes('org:apply'));
    const actions = values("SELECT DISTINCT 'w=' || action FROM audit_log");
    const entities = values("SELECT DISTINCT 'w=' || entity FROM audit_log");
    const fields = [...new Set([...values(json('before')), ...values(json('after'))])];
    assert.ok(actions.includes('activate') && actions.includes('update'), actions.join(' '));
    assert.ok(fields.includes('id_number') && fields.includes('name'), fields.join(' '));
    assert.deepEqual(
      [...lacking(all, 'permission', permissions), ...lacking(all, 'action', actions), ...lacking(all, 'entity', entities), ...lacking(all, 'fieldName', fields)],
      [],
    );
    // The words say something else than the code.
    assert.equal(sharedKeyIn(all['zh-CN'], 'fieldName', 'amount_fen'), 'common.fieldName.amount_fen');
    assert.equal(all['zh-CN'].common.action.application.create, '提交申请');
  });

  it('gives every dictionary entry both names', async () => {
    for (const dict of ['banks', 'funds']) {
      const r = await county.get(`/api/v1/payout/${dict}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.items.length > 0);
      for (const e of r.body.items) {
        assert.ok(e.name && /\p{Script=Han}/u.test(e.name), `${dict} ${e.code} Chinese name`);
        assert.ok(e.name_en && /^[\x20-\x7e]+$/.test(e.name_en), `${dict} ${e.code} English name: ${e.name_en}`);
      }
    }
    const cats = await county.get('/api/v1/hardship/categories');
    assert.equal(cats.status, 200, JSON.stringify(cats.body));
    for (const e of cats.body.items) assert.ok(e.name && e.name_en, `category ${e.code}`);
  });
});
