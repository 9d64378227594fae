// Who acts, and the audit log that says so: the portal, a sign-in and a command-line change in a
// county all land in the county's own audit list with the organisation of the record, and the
// system is named as such (system:portal, system:sign-in, system:cli), never hidden at "/".
// The command line acts only as a user named by --as, within that user's scope.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, chinaToday, memberBody, newId, niangjia, uniqueName } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'nj-actors-'));
const maker = new URL('../../bench/make_roster.py', import.meta.url).pathname;
const tag = `${process.pid % 10000}${Date.now() % 10000}`;

function roster(name, rows) {
  const file = join(dir, name);
  const start = 8_000_000 + (process.pid % 1000) * 1000;
  const r = spawnSync('/usr/bin/python3', [maker, file, String(rows), '--start', String(start), '--bad', '0'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return file;
}

async function auditOf(client, query) {
  const r = await client.get(`/api/v1/audit?${query}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

describe('who acts, and the audit rows a county reads', () => {
  let city, county, yiwu, union, member, phone, idNumber;
  const password = 'actors-pass-2026';

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    const clerk = await Client.login('township_clerk');
    const made = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('行为人公司工会'), division_code: '330702' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    union = made.body;
    phone = `137${String(Date.now() % 1e8).padStart(8, '0')}`;
    idNumber = newId();
    const m = await county.post('/api/v1/members', memberBody(union.id, { name: '行为人测试', phone, id_number: idNumber }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    member = m.body;
  });

  it('files a portal action at the member\'s union, done by system:portal', async () => {
    const c = new Client();
    const ok = await c.post('/api/v1/portal/activate', { phone, id_number: idNumber, password });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const changed = await c.post('/api/v1/portal/password', { current_password: password, new_password: `${password}-2` });
    assert.ok([200, 204].includes(changed.status), JSON.stringify(changed.body));
    const rows = await auditOf(county, `entity=member&entity_id=${member.id}`);
    for (const action of ['activate', 'password']) {
      const row = rows.find((a) => a.action === action);
      assert.ok(row, `${action} in the county's list: ${JSON.stringify(rows)}`);
      assert.equal(row.username, 'system:portal');
    }
    // The neighbouring county does not see them.
    assert.equal((await auditOf(yiwu, `entity=member&entity_id=${member.id}`)).length, 0);
  });

  it('files a lockout at the account\'s organisation, and an unknown name\'s at the root', async () => {
    const username = `actor_${tag}`;
    const made = await county.post('/api/v1/users', { username, password: 'password-123', role: 'viewer' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const wrong = async (name) => {
      for (let i = 0; i < 5; i++) await new Client().post('/api/v1/auth/login', { username: name, password: 'not-the-password' });
    };
    await wrong(username);
    const known = (await auditOf(county, `entity=user&entity_id=${made.body.id}&action=lockout`));
    assert.equal(known.length, 1, JSON.stringify(known));
    assert.equal(known[0].username, 'system:sign-in');

    const nobody = `nobody_${tag}`;
    await wrong(nobody);
    const atRoot = await auditOf(city, `entity=sign_in&entity_id=${nobody}&action=lockout`);
    assert.equal(atRoot.length, 1, 'the city (the root) reads a name that is no account');
    assert.equal(atRoot[0].username, 'system:sign-in');
    assert.equal((await auditOf(county, `entity=sign_in&entity_id=${nobody}`)).length, 0, 'no county does');
  });

  it('runs a command-line change as the user named by --as, audited in the county', async () => {
    const file = roster('county.csv', 3);
    const run = niangjia('import', 'members', file, '--org', String(union.id), '--as', 'wucheng_admin');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /3 stored/);
    const rows = await auditOf(county, 'entity=member&action=import_file');
    const mine = rows.find((a) => a.username === 'wucheng_admin' && JSON.parse(a.after).file === 'county.csv');
    assert.ok(mine, JSON.stringify(rows.slice(0, 3)));
    assert.equal(mine.user_id, county.me.user_id);
    assert.deepEqual(['rows', 'stored'].map((k) => JSON.parse(mine.after)[k]), [3, 3]);
  });

  it('refuses a command that changes data without --as, and a user out of scope', () => {
    const file = roster('refused.csv', 2);
    const none = niangjia('import', 'members', file, '--org', String(union.id));
    assert.notEqual(none.status, 0);
    assert.match(none.stderr, /--as/);
    for (const args of [['aid', 'enrol', '--plan', 'X', '--org', '1', '--start', '2025-01-01'],
      ['aid', 'ingest', file, '--plan', 'X'], ['aid', 'plan', 'import', file]]) {
      const r = niangjia(...args);
      assert.notEqual(r.status, 0, args.join(' '));
      assert.match(r.stderr, /--as/, args.join(' '));
    }
    const outside = niangjia('import', 'members', file, '--org', String(union.id), '--as', 'yiwu_admin');
    assert.equal(outside.status, 1);
    assert.match(outside.stderr, /outside your scope/);
    const nobody = niangjia('import', 'members', file, '--org', String(union.id), '--as', `nobody_${tag}`);
    assert.equal(nobody.status, 1);
    assert.match(nobody.stderr, /no such user/);
    const viewer = niangjia('import', 'members', file, '--org', String(union.id), '--as', `actor_${tag}`);
    assert.equal(viewer.status, 1, 'a viewer may not write');
    assert.match(viewer.stderr, /member:write/);
  });

  it('bootstraps a user without --as as system:cli, and with --as as that user', async () => {
    const first = `boot_${tag}`;
    const r = niangjia('user', 'add', '--username', first, '--org-id', String(union.id), '--role', 'viewer');
    assert.equal(r.status, 0, r.stderr);
    const id = /\(id (\d+)\)/.exec(r.stdout)[1];
    const rows = await auditOf(county, `entity=user&entity_id=${id}&action=create`);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].username, 'system:cli');

    const second = `made_${tag}`;
    const as = niangjia('user', 'add', '--username', second, '--org-id', String(union.id), '--role', 'viewer', '--as', 'wucheng_admin');
    assert.equal(as.status, 0, as.stderr);
    const id2 = /\(id (\d+)\)/.exec(as.stdout)[1];
    assert.equal((await auditOf(county, `entity=user&entity_id=${id2}&action=create`))[0].username, 'wucheng_admin');
    const out = niangjia('user', 'add', '--username', `${second}x`, '--org-id', String(union.id), '--role', 'viewer', '--as', 'yiwu_admin');
    assert.equal(out.status, 1);
    assert.match(out.stderr, /no such organisation/);
  });

  it('keeps before and after images of a changed bank account, masked', async () => {
    const put = (account_no) => county.put(`/api/v1/members/${member.id}/bank-account`,
      { bank_code: '102', account_no, holder: '行为人测试', reason: '会员提供工资卡' });
    assert.equal((await put('6222600260001072444')).status, 200);
    assert.equal((await put('6222600260001073335')).status, 200);
    const rows = await auditOf(county, `entity=member&entity_id=${member.id}&action=bank_account`);
    assert.equal(rows.length, 2);
    assert.equal(rows[1].before, '', 'the first account replaces none');
    assert.match(rows[0].before, /\*\*\*\* 2444/);
    assert.match(rows[0].after, /\*\*\*\* 3335/);
    assert.ok(!JSON.stringify(rows).includes('6222600260001072444'), 'never in full');
  });

  it('filters the log by who acted and by China\'s days, both ends inclusive', async () => {
    const today = chinaToday();
    const mine = await county.get(`/api/v1/audit?username=wucheng_admin&from_date=${today}&to_date=${today}&limit=200`);
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.ok(mine.body.items.some((r) => r.entity === 'member' && r.entity_id === String(member.id)), 'the member created today');
    assert.ok(mine.body.items.every((r) => r.username === 'wucheng_admin'));
    assert.ok(mine.body.items.every((r) => r.at.localeCompare(new Date(Date.parse(`${today}T00:00:00+08:00`)).toISOString()) >= 0));
    const nobody = await county.get('/api/v1/audit?username=nobody-at-all');
    assert.deepEqual(nobody.body.items, []);
    const tomorrow = new Date(Date.parse(`${today}T00:00:00+08:00`) + 86400e3 + 8 * 3600e3).toISOString().slice(0, 10);
    assert.deepEqual((await county.get(`/api/v1/audit?from_date=${tomorrow}`)).body.items, [], 'nothing is written tomorrow');
    for (const [q, field] of [[`from_date=${tomorrow}&to_date=${today}`, 'to_date'], ['from_date=2026-02-30', 'from_date'], ['to_date=yesterday', 'to_date']]) {
      const r = await county.get(`/api/v1/audit?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.field, field, q);
    }
  });
});
