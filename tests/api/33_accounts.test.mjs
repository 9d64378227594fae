// Issue 15 item 3: payouts that stall on missing bank accounts. The members with money waiting
// and no account (listed and exported within the caller's scope, masked), the member's own card
// binding in the portal (checked by length, Luhn where the bank uses it, and the holder's name;
// audited as the member), and items the bank failed (their own filter, the bank's reason, back
// into a batch only once the account has been changed after the failure).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { Client, luhn, memberBody, newId, uniqueName } from './lib.mjs';

let sourceSeq = Date.now();
const source = () => `acct-${process.pid}-${sourceSeq++}`;

const card = (n) => luhn(`622202${String(n).padStart(12, '0')}`.slice(0, 18));
const breakLuhn = (good) => good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10);

async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running');
}

// Every row of a cursor-paged list.
async function all(client, path) {
  const out = [];
  for (let cursor = '';;) {
    const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.push(...r.body.items);
    if (!r.body.next_cursor) return out;
    cursor = r.body.next_cursor;
  }
}

describe('payouts that stall on missing bank accounts', () => {
  let clerk, county, yiwu, city, union;
  const addMember = async (name, over = {}) => {
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, ...over }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const item = async (m, amount_fen) => {
    const r = await clerk.post('/api/v1/payout/items',
      { source_module: 'mutual_aid', source_id: source(), member_id: m.id, amount_fen, purpose: '住院医疗互助金', fund: 'mutual_aid' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const setAccount = (m, account_no) => clerk.put(`/api/v1/members/${m.id}/bank-account`,
    { bank_code: '102', account_no, holder: m.name, reason: '会员提供工资卡' });

  before(async () => {
    clerk = await Client.login('township_clerk');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    city = await Client.login('city_admin');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('账户测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
  });

  it('lists and exports the members with money waiting and no account, within the caller\'s scope only', async () => {
    const none = await addMember('缺账户甲');
    const twice = await addMember('缺账户乙');
    const has = await addMember('有账户丙');
    await item(none, 12345);
    await item(twice, 10000);
    await item(twice, 2500);
    await item(has, 9900);
    assert.equal((await setAccount(has, card(Date.now() % 1e8))).status, 200);

    const listed = await all(clerk, `/api/v1/payout/missing-accounts?org_id=${union.id}`);
    const byId = Object.fromEntries(listed.map((m) => [m.member_id, m]));
    assert.deepEqual(Object.keys(byId).map(Number).sort(), [none.id, twice.id].sort(), 'only those without an account');
    assert.deepEqual([byId[twice.id].items, byId[twice.id].pending_fen], [2, 12500], 'summed per member');
    assert.equal(byId[none.id].name, '缺***', 'the name masked');
    assert.match(byId[none.id].id_number, /^\d{3}\*+\d{3}[\dX]$/, 'the ID number masked');
    assert.equal(byId[none.id].org_id, union.id);
    // Paged like every list: one at a time, in the same order, nothing twice.
    const first = await clerk.get(`/api/v1/payout/missing-accounts?org_id=${union.id}&limit=1`);
    assert.equal(first.body.items.length, 1);
    assert.ok(first.body.next_cursor);
    const second = await clerk.get(`/api/v1/payout/missing-accounts?org_id=${union.id}&limit=1&cursor=${first.body.next_cursor}`);
    assert.notEqual(second.body.items[0].member_id, first.body.items[0].member_id);
    assert.equal((await clerk.get('/api/v1/payout/missing-accounts?limit=0')).body.field, 'limit');

    // Out of scope: 义乌's admin never sees 婺城's members, named or not.
    assert.equal((await yiwu.get(`/api/v1/payout/missing-accounts?org_id=${union.id}`)).status, 404);
    const theirs = await all(yiwu, '/api/v1/payout/missing-accounts');
    assert.ok(!theirs.some((m) => [none.id, twice.id].includes(m.member_id)), 'not listed in another county');
    assert.ok((await all(county, '/api/v1/payout/missing-accounts')).some((m) => m.member_id === none.id), 'the county above sees them');

    // The export: the same rows, masked, audited.
    const started = await clerk.post('/api/v1/exports', { list: 'payout_missing_accounts', filters: { org_id: String(union.id) } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitJob(clerk, started.body.id);
    assert.equal(job.state, 'done', JSON.stringify(job));
    const file = await clerk.get(`/api/v1/jobs/${job.id}/file`);
    const sheet = await readSheet(file.bytes);
    assert.deepEqual(sheet[0], ['会员编号', '姓名', '身份证号', '所属工会', '待发笔数', '待发金额（元）']);
    const row = sheet.slice(1).find((r) => Number(r[0]) === twice.id);
    assert.deepEqual([row[1], Number(row[4]), String(row[5])], ['缺***', 2, '125.00']);
    assert.equal(sheet.length, 3, 'the header and the two members');
    const audit = await county.get(`/api/v1/audit?action=export&username=township_clerk&limit=5`);
    assert.ok(audit.body.items.some((a) => a.entity === 'member' && a.after.includes('payout_missing_accounts')), JSON.stringify(audit.body.items[0]));
    const outside = await yiwu.post('/api/v1/exports', { list: 'payout_missing_accounts', filters: { org_id: String(union.id) } });
    assert.equal(outside.status, 404, 'an export of another county is refused');
  });

  it('lets a member bind their own card in the portal, refusing a bad number or another holder', async () => {
    const phone = `137${String(Date.now() % 1e8).padStart(8, '0')}`;
    const idNumber = newId();
    const m = await addMember('绑卡会员', { phone, id_number: idNumber });
    await item(m, 8800);
    const portal = new Client();
    const act = await portal.post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'portal-pass-2026' });
    assert.equal(act.status, 200, JSON.stringify(act.body));

    const empty = await portal.get('/api/v1/portal/bank-account');
    assert.equal(empty.status, 200);
    assert.equal(empty.body.account, null);
    assert.ok(empty.body.banks.some((b) => b.code === '102' && b.name === '中国工商银行'));

    const good = card(Date.now() % 1e9);
    const bind = (over) => portal.put('/api/v1/portal/bank-account', { bank_code: '102', account_no: good, holder: '绑卡会员', ...over });
    const refused = async (over, field, why) => {
      const r = await bind(over);
      assert.deepEqual([r.status, r.body.field], [400, field], `${why}: ${JSON.stringify(r.body)}`);
      return r;
    };
    const luhnFail = await refused({ account_no: breakLuhn(good) }, 'account_no', 'a card failing its check digit');
    assert.match(luhnFail.body.detail, /校验位/);
    const short = await refused({ account_no: '1234567' }, 'account_no', 'too short');
    assert.match(short.body.detail, /位数/);
    await refused({ account_no: '1'.repeat(31) }, 'account_no', 'too long');
    await refused({ account_no: '6222abcd12345678' }, 'account_no', 'letters');
    const huge = await refused({ account_no: '9'.repeat(100000) }, 'account_no', 'unbounded');
    assert.ok(huge.text.length < 1000, 'the input is not echoed');
    await refused({ holder: '别人' }, 'holder', 'another holder');
    await refused({ holder: '名'.repeat(51) }, 'holder', 'an over-long holder');
    await refused({ bank_code: '999' }, 'bank_code', 'an unknown bank');
    await refused({ bank_code: undefined }, 'bank_code', 'no bank');
    await refused({ account_no: undefined }, 'account_no', 'no number');
    assert.equal((await portal.get('/api/v1/portal/bank-account')).body.account, null, 'nothing bound by a refusal');
    assert.equal((await new Client().put('/api/v1/portal/bank-account', { bank_code: '102', account_no: good, holder: '绑卡会员' })).status, 401);
    // A rural credit cooperative's own numbering has no check digit: not refused for it.
    const coop = await bind({ bank_code: '402', account_no: breakLuhn(good) });
    assert.equal(coop.status, 200, JSON.stringify(coop.body));

    const bound = await bind({ account_no: good.replace(/(\d{4})(?=\d)/g, '$1 ') });
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    assert.equal(bound.body.account.slice(-4), good.slice(-4));
    assert.ok(!bound.body.account.includes(good.slice(4, 12)), 'masked');
    const shown = (await portal.get('/api/v1/portal/bank-account')).body.account;
    assert.deepEqual([shown.bank_name, shown.account], ['中国工商银行', bound.body.account]);

    // The console sees it on the member's page, current, with the older ones kept.
    const accounts = (await clerk.get(`/api/v1/members/${m.id}/bank-accounts`)).body.items;
    assert.equal(accounts.length, 2);
    assert.deepEqual([accounts[0].account, accounts[0].valid_to], [bound.body.account, null]);
    // Audited as the member, not as the platform.
    const audit = (await county.get(`/api/v1/audit?entity=member&entity_id=${m.id}&action=bank_account`)).body.items;
    assert.equal(audit.length, 2);
    // The portal acted for the member: the row names them (masked), not the platform alone.
    assert.ok(audit.every((a) => a.username === 'system:portal' && a.member_id === m.id && a.member_name && a.member_name.startsWith('绑')), JSON.stringify(audit.map((a) => [a.username, a.member_id, a.member_name])));
    // Bound: off the missing list.
    assert.ok(!(await all(clerk, `/api/v1/payout/missing-accounts?org_id=${union.id}`)).some((x) => x.member_id === m.id));

    // Changed later: the new card is current.
    const next = card((Date.now() + 7) % 1e9);
    const changed = await bind({ account_no: next, bank_code: '105' });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.bank_name, changed.body.account.slice(-4)], ['中国建设银行', next.slice(-4)]);
    assert.equal((await clerk.get(`/api/v1/members/${m.id}/bank-accounts`)).body.items.length, 3);
  });

  it('filters the items the bank failed, with its reason, and pays them again only after the account is fixed', async () => {
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('退回测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    const m = (await clerk.post('/api/v1/members', memberBody(u.body.id, { name: '退回会员' }))).body;
    const number = card((Date.now() + 13) % 1e9);
    assert.equal((await setAccount(m, number)).status, 200);
    const it0 = await item(m, 45600);
    const batchOf = () => clerk.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: u.body.id });
    const batch = await batchOf();
    assert.equal(batch.status, 201, JSON.stringify(batch.body));
    assert.equal((await county.post(`/api/v1/payout/batches/${batch.body.id}/approve`, { reason: '核对无误' })).status, 200);
    assert.equal((await clerk.post(`/api/v1/payout/batches/${batch.body.id}/export`, { format: 'generic' })).status, 200);
    const result = `R,${it0.id},${number},45600,F,户名与账号不符\r\nT,1,45600\r\n`;
    const up = await clerk.request('POST', `/api/v1/payout/batches/${batch.body.id}/reconcile`,
      { raw: Buffer.from(result), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(up.status, 202, JSON.stringify(up.body));
    const done = await waitJob(clerk, up.body.id);
    assert.equal(done.state, 'done', JSON.stringify(done));

    // Its own filter, with the bank's reason and what must happen next.
    const failedOf = async () => (await clerk.get(`/api/v1/payout/items?state=failed&org_id=${u.body.id}`)).body.items;
    assert.deepEqual((await failedOf()).map((i) => [i.id, i.state, i.last_failure, i.retry]),
      [[it0.id, 'pending', '户名与账号不符', 'awaiting_account']]);
    assert.ok(!(await all(yiwu, '/api/v1/payout/items?state=failed')).some((i) => i.id === it0.id), 'not seen from another county');

    // Before the account is fixed: a batch of only the failed item is refused, saying why.
    const refused = await batchOf();
    assert.deepEqual([refused.status, refused.body.field], [400, 'fund'], JSON.stringify(refused.body));
    assert.match(refused.body.detail, /待更正账户/);
    // A fresh item goes out; the failed one is left out and counted.
    const fresh = await item(m, 100);
    assert.equal(fresh.retry, '', 'never failed');
    assert.ok(!(await failedOf()).some((i) => i.id === fresh.id), 'a pending item the bank never failed is not in the filter');
    const early = await batchOf();
    assert.equal(early.status, 201, JSON.stringify(early.body));
    assert.deepEqual([early.body.item_count, early.body.total_fen, early.body.awaiting_account], [1, 100, 0 + 1]);
    assert.deepEqual((await failedOf()).map((i) => [i.id, i.retry]), [[it0.id, 'awaiting_account']], 'still waiting');

    // Fixed (the account changed after the failure): ready, and the next batch takes it.
    assert.equal((await setAccount(m, card((Date.now() + 29) % 1e9))).status, 200);
    assert.deepEqual((await failedOf()).map((i) => [i.id, i.retry]), [[it0.id, 'ready']]);
    const again = await batchOf();
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.deepEqual([again.body.item_count, again.body.total_fen, again.body.awaiting_account], [1, 45600, 0]);
    const inBatch = (await clerk.get(`/api/v1/payout/items?batch_id=${again.body.id}`)).body.items;
    assert.deepEqual(inBatch.map((i) => [i.id, i.state, i.last_failure, i.retry]), [[it0.id, 'batched', '户名与账号不符', '']]);
    assert.equal((await failedOf()).length, 0, 'no longer waiting');
  });
});
