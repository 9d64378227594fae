import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, memberBody, niangjia, sql, uniqueName } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'nj-payout-'));
let sourceSeq = Date.now();
const source = () => `test-${process.pid}-${sourceSeq++}`;

// The bank's answer to a generic bank file: every payment succeeds unless `fail` maps its item id
// to the bank's reason.
function resultFor(bankFile, fail = {}, { skew = 0 } = {}) {
  const rows = bankFile.trim().split('\r\n').filter((l) => l.startsWith('D,'))
    .map((l) => l.split(','))
    .map((f) => ({ item: f[2], account: f[3], amount: Number(f[6]) }));
  const lines = rows.map((r, i) => `R,${r.item},${r.account},${r.amount + (i === 0 ? skew : 0)},${fail[r.item] ? 'F' : 'S'},${fail[r.item] ?? ''}`);
  const total = rows.reduce((n, r) => n + r.amount, 0) + skew;
  return `${lines.join('\r\n')}\r\nT,${rows.length},${total}\r\n`;
}

// Waits for a job to end (its starter polls it).
async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running');
}

describe('one-card payouts: accounts, items, batches, bank files, reconciliation, ledger', () => {
  let clerk, county, city, union, members;

  const addMember = async (name) => {
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { name }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  const setAccount = (m, account_no, over = {}) => clerk.put(`/api/v1/members/${m.id}/bank-account`,
    { bank_code: '102', account_no, holder: m.name, reason: '会员提供工资卡', ...over });
  const item = (m, amount_fen, over = {}) => clerk.post('/api/v1/payout/items',
    { source_module: 'mutual_aid', source_id: source(), member_id: m.id, amount_fen, purpose: '住院医疗互助金', fund: 'mutual_aid', ...over });
  const batchOf = async () => {
    const r = await clerk.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: union.id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };

  before(async () => {
    clerk = await Client.login('township_clerk');
    county = await Client.login('wucheng_admin');
    city = await Client.login('city_admin');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('发放测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    members = [await addMember('发放甲'), await addMember('发放乙'), await addMember('发放丙')];
  });

  it('keeps bank accounts masked, checked and with their history', async () => {
    const [a] = members;
    const wrongHolder = await setAccount(a, '6222600260001072444', { holder: '别人' });
    assert.equal(wrongHolder.status, 400);
    assert.equal(wrongHolder.body.field, 'holder');
    assert.equal((await setAccount(a, '6222 6002')).status, 200, 'eight digits is a valid account');
    const short = await setAccount(a, '622260');
    assert.deepEqual([short.status, short.body.field], [400, 'account_no']);
    assert.equal((await setAccount(a, '6222600260001072444', { bank_code: '999' })).body.field, 'bank_code');
    assert.equal((await setAccount(a, '6222600260001072444', { reason: '' })).body.field, 'reason');

    const luhnFails = await setAccount(a, '6222 6002 6000 1072 445');
    assert.equal(luhnFails.status, 200, 'a Luhn failure is a warning, not a refusal');
    assert.equal(luhnFails.body.luhn_ok, false);
    assert.equal(luhnFails.body.warnings[0].field, 'account_no');
    const good = await setAccount(a, '6222-6002-6000-1072-444');
    assert.equal(good.body.luhn_ok, true);
    assert.equal(good.body.warnings, undefined);
    assert.equal(good.body.account, '6222 **** **** **** 2444');
    const history = (await clerk.get(`/api/v1/members/${a.id}/bank-accounts`)).body.items;
    assert.equal(history.length, 3);
    assert.equal(history[0].valid_to, null, 'the newest is current');
    assert.ok(history.slice(1).every((h) => h.valid_to !== null), 'the earlier ones are closed');
    assert.ok(!JSON.stringify(history).includes('6222600260001072444'), 'never shown in full');
    const yiwu = await Client.login('yiwu_admin');
    assert.equal((await yiwu.get(`/api/v1/members/${a.id}/bank-accounts`)).status, 404, 'out of scope');
    for (const m of members.slice(1)) assert.equal((await setAccount(m, '4111111111111111')).status, 200);
  });

  it('asks to pay each source record once', async () => {
    const [a] = members;
    const id = source();
    const first = await item(a, 12345, { source_id: id });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual([first.body.state, first.body.amount_fen, first.body.batch_id], ['pending', 12345, null]);
    const again = await item(a, 12345, { source_id: id });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id, 'the same item, never a second');
    const different = await item(a, 99999, { source_id: id });
    assert.equal(different.status, 409);
    assert.equal((await item(a, 0)).body.field, 'amount_fen');
    assert.equal((await item(a, 100, { fund: 'nope' })).body.field, 'fund');
    assert.equal((await item(a, 100, { source_module: 'Mutual Aid' })).body.field, 'source_module');
    assert.equal((await item(a, 100, { purpose: ' ' })).body.field, 'purpose');
    assert.equal((await item({ id: 999999999 }, 100)).status, 404);
    const concurrent = await Promise.all([0, 1, 2].map(() => item(a, 500, { source_id: `${id}-race` })));
    const ids = new Set(concurrent.filter((r) => r.status < 300).map((r) => r.body.id));
    assert.equal(ids.size, 1, `one item whatever the race: ${concurrent.map((r) => r.status)}`);
  });

  it('pays a batch end to end: maker–checker, one export, one reconciliation, failures back to pending', async () => {
    const [a, b, c] = members;
    await item(b, 20000);
    await item(c, 30000);
    const noAccount = await addMember('发放丁');
    await item(noAccount, 700);
    const batch = await batchOf();
    assert.equal(batch.state, 'draft');
    assert.equal(batch.without_account, 1, 'left out for want of a bank account');
    const items = (await clerk.get(`/api/v1/payout/items?batch_id=${batch.id}&limit=200`)).body.items;
    assert.equal(items.length, batch.item_count);
    assert.equal(items.reduce((n, i) => n + i.amount_fen, 0), batch.total_fen);
    assert.ok(items.every((i) => i.state === 'batched' && i.account.includes('****')));
    assert.equal((await clerk.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: union.id })).status, 400, 'nothing left to pay');

    assert.equal((await clerk.post(`/api/v1/payout/batches/${batch.id}/export`, { format: 'generic' })).status, 409, 'not approved yet');
    assert.equal((await clerk.post(`/api/v1/payout/batches/${batch.id}/approve`, {})).status, 403, 'a clerk has no approval right');
    const approvals = await Promise.all([county, city].map((u) => u.post(`/api/v1/payout/batches/${batch.id}/approve`, { reason: '核对无误' })));
    assert.deepEqual(approvals.map((r) => r.status).sort(), [200, 409], 'exactly one approval');

    const ccbRefused = await clerk.post(`/api/v1/payout/batches/${batch.id}/export`, { format: 'ccb' });
    assert.deepEqual([ccbRefused.status, ccbRefused.body.field], [400, 'format'], 'the CCB layout pays CCB accounts only');
    const exports = await Promise.all([0, 1].map(() => clerk.post(`/api/v1/payout/batches/${batch.id}/export`, { format: 'generic' })));
    assert.deepEqual(exports.map((r) => r.status).sort(), [200, 409], 'exactly one export');
    const file = await clerk.get(`/api/v1/payout/batches/${batch.id}/file`);
    assert.equal(file.status, 200);
    const again = await county.get(`/api/v1/payout/batches/${batch.id}/file`);
    assert.ok(file.bytes.equals(again.bytes), 'the same bytes every time');
    assert.equal(file.headers.get('x-content-sha256'), (await clerk.get(`/api/v1/payout/batches/${batch.id}`)).body.file_sha256);
    assert.match(file.text, new RegExp(`^H,${batch.id},mutual_aid,${batch.item_count},${batch.total_fen},\\d{8}\r\n`));
    assert.match(file.text, new RegExp(`T,${batch.item_count},${batch.total_fen}\r\n$`));
    assert.ok(file.text.includes(',6222600260001072444,发放甲,102,'), 'the bank gets the full number');

    // The bank's result file is an upload: a job (202) run as the caller; what is wrong with the
    // file fails the job with the reason, and nothing is applied.
    const upload = async (text, id = batch.id, client = clerk) => {
      const r = await client.request('POST', `/api/v1/payout/batches/${id}/reconcile`,
        { raw: Buffer.from(text), headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      return waitJob(client, r.body.id);
    };
    const failing = items.find((i) => i.member_id === c.id);
    const skewed = await upload(resultFor(file.text, {}, { skew: 1 }));
    assert.equal(skewed.state, 'failed');
    assert.match(skewed.error, /相差|difference/);
    const stranger = await upload(resultFor(file.text).replace(`R,${failing.id},`, 'R,999999999,'));
    assert.equal(stranger.state, 'failed');
    assert.match(stranger.error, new RegExp(`发放编号 ${failing.id} 不在结果文件中`), 'the item the file misses');
    assert.equal((await clerk.get(`/api/v1/payout/batches/${batch.id}`)).body.state, 'exported', 'nothing applied');
    // Refused before any job: an unknown format, no file, a batch of no one's.
    const refused = (query, raw) => clerk.request('POST', `/api/v1/payout/batches/${batch.id}/reconcile${query}`, { raw: Buffer.from(raw), headers: { 'content-type': 'application/octet-stream' } });
    assert.deepEqual(await refused('?format=abc', 'T,0,0\r\n').then((r) => [r.status, r.body.field]), [400, 'format']);
    assert.deepEqual(await refused('', '').then((r) => [r.status, r.body.field]), [400, 'file']);
    assert.equal((await clerk.request('POST', '/api/v1/payout/batches/999999999/reconcile', { raw: Buffer.from('T,0,0\r\n'), headers: { 'content-type': 'application/octet-stream' } })).status, 404);

    const result = resultFor(file.text, { [failing.id]: '账户已销户' });
    const done = { body: (await upload(result)).summary };
    assert.deepEqual([done.body.paid, done.body.failed, done.body.already], [batch.item_count - 1, 1, false]);
    assert.equal(done.body.batch.state, 'reconciled');
    assert.equal(done.body.batch.paid_fen + done.body.batch.failed_fen, batch.total_fen);
    const twice = { body: (await upload(result)).summary };
    assert.deepEqual([twice.body.already, twice.body.paid], [true, batch.item_count - 1], 'reconciling again changes nothing');

    const back = (await clerk.get(`/api/v1/payout/items?member_id=${c.id}`)).body.items[0];
    assert.deepEqual([back.state, back.batch_id, back.last_failure], ['pending', null, '账户已销户']);
    const paid = (await clerk.get(`/api/v1/payout/items?batch_id=${batch.id}&state=paid&limit=200`)).body.items;
    assert.equal(paid.length, batch.item_count - 1);
    assert.ok(paid.every((i) => i.paid_at));
    assert.ok((await clerk.get(`/api/v1/payout/batches/${batch.id}/file`)).bytes.equals(file.bytes), 'the file is the same after reconciliation');

    // The account fixed, the failed item is paid by the next batch.
    assert.equal((await setAccount(c, '6217 0012 3456 7890', { bank_code: '105' })).status, 200);
    const next = await batchOf();
    assert.deepEqual([next.item_count, next.total_fen], [1, 30000]);
    assert.equal((await county.post(`/api/v1/payout/batches/${next.id}/approve`, {})).status, 200);
    assert.equal((await clerk.post(`/api/v1/payout/batches/${next.id}/export`, { format: 'ccb' })).status, 200);
    const ccb = await clerk.get(`/api/v1/payout/batches/${next.id}/file`);
    assert.match(ccb.headers.get('content-disposition'), /\.txt/);
    const paidAgain = await upload(`R,${back.id},6217001234567890,30000,S,\r\nT,1,30000\r\n`, next.id);
    assert.equal(paidAgain.state, 'done', JSON.stringify(paidAgain));
    const finalItem = (await clerk.get(`/api/v1/payout/items?member_id=${c.id}`)).body.items[0];
    assert.deepEqual([finalItem.state, finalItem.account], ['paid', '6217 **** **** 7890']);

    const balances = (await county.get(`/api/v1/ledger/balances?org_id=${union.id}`)).body.items;
    const of = (acc) => balances.find((x) => x.fund === 'mutual_aid' && x.account === acc)?.balance_fen ?? 0;
    const owed = (await clerk.get(`/api/v1/payout/items?org_id=${union.id}&limit=200`)).body.items;
    const sum = (list) => list.reduce((n, i) => n + i.amount_fen, 0);
    assert.equal(of('expense'), sum(owed), 'everything asked for is committed');
    assert.equal(-of('bank'), sum(owed.filter((i) => i.state === 'paid')), 'the bank paid what is paid');
    assert.equal(-of('payable'), sum(owed.filter((i) => i.state !== 'paid')), 'the rest is still owed');
    const report = (await county.get(`/api/v1/ledger/report?org_id=${union.id}`)).body.items;
    assert.equal(report.reduce((n, r) => n + r.amount_fen, 0), -of('bank'));
    assert.ok(report.every((r) => /^\d{4}-\d{2}$/.test(r.month) && r.source_module === 'mutual_aid'));
    assert.equal((await county.get('/api/v1/ledger/report?from=2026-13')).status, 400);

    const verify = niangjia('ledger', 'verify');
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });

  it('cancels a batch before export; its items are pending again', async () => {
    const [a] = members;
    const it = (await item(a, 4200)).body;
    const batch = await batchOf();
    assert.equal((await clerk.post(`/api/v1/payout/batches/${batch.id}/cancel`, {})).status, 400, 'a reason is required');
    const cancelled = await clerk.post(`/api/v1/payout/batches/${batch.id}/cancel`, { reason: '金额有误' });
    assert.equal(cancelled.body.state, 'cancelled');
    assert.equal((await county.post(`/api/v1/payout/batches/${batch.id}/approve`, {})).status, 409);
    const back = (await clerk.get(`/api/v1/payout/items?member_id=${a.id}&state=pending`)).body.items;
    assert.ok(back.some((i) => i.id === it.id));
  });

  // A batch of the whole city gathers most items in row order, and on SQLite counts those it left
  // out through the index of pending items (not the index by organisation): the same counts.
  it('counts what a batch of the whole city leaves out, then cancelled gives it all back', async () => {
    const [a] = members;
    await item(a, 3100);  // and the item of 发放丁, who has no bank account, is pending
    const r = await city.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: city.me.org_id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const number = (q) => Number(/n=(\d+)/.exec(sql(`SELECT 'n=' || (${q})`))[1]);
    const count = (where) => number(`SELECT COUNT(*) FROM payout_item i WHERE i.state = 'pending' AND i.fund = 'mutual_aid'${where}`);
    try {
      const awaiting = count(" AND i.last_failure <> '' AND EXISTS (SELECT 1 FROM payout_account a WHERE a.member_id = i.member_id AND a.valid_to IS NULL)");
      assert.deepEqual([r.body.without_account, r.body.awaiting_account], [count('') - awaiting, awaiting]);
      assert.ok(r.body.without_account >= 1);
      assert.equal(number(`SELECT COUNT(*) FROM payout_item WHERE batch_id = ${r.body.id}`), r.body.item_count);
    } finally {  // the city's items back to pending whatever happened: the next tests batch them
      const cancelled = await city.post(`/api/v1/payout/batches/${r.body.id}/cancel`, { reason: '核对范围' });
      assert.equal(cancelled.body.state, 'cancelled', JSON.stringify(cancelled.body));
    }
    assert.equal(number(`SELECT COUNT(*) FROM payout_item WHERE batch_id = ${r.body.id}`), 0);
  });

  it('survives a kill at any point of creation, export and reconciliation, with nothing done twice', async () => {
    const [a, b] = members;
    await item(a, 111);
    await item(b, 222);
    const run = (fault, ...args) => spawnSync(process.env.NJ_BIN, ['--db', process.env.NJ_DB, '--key-file', process.env.NJ_KEY_FILE,
      '--log-level', 'warn', 'payout', 'batch', ...args], { encoding: 'utf8', env: { ...process.env, NJ_FAULT: fault } });
    const killed = (r) => r.signal === 'SIGKILL';
    const pendingOf = async () => (await clerk.get(`/api/v1/payout/items?org_id=${union.id}&state=pending&limit=200`)).body.items.length;
    const pending = await pendingOf();

    for (const fault of ['payout.batch.gathered', 'payout.batch.created']) {
      assert.ok(killed(run(fault, 'create', '--as', 'township_clerk', '--fund', 'mutual_aid', '--org', String(union.id))), fault);
      assert.equal(await pendingOf(), pending, `killed at ${fault}: nothing gathered`);
    }
    const created = run('', 'create', '--as', 'township_clerk', '--fund', 'mutual_aid', '--org', String(union.id));
    assert.equal(created.status, 0, created.stderr);
    const id = Number(/batch #(\d+)/.exec(created.stdout)[1]);
    assert.equal(await pendingOf(), 1, 'all gathered but the item of the member without an account');
    assert.match(created.stdout, /1 pending items have no bank account/);
    assert.notEqual(run('', 'approve', String(id), '--as', 'township_clerk').status, 0, 'the maker cannot approve');
    assert.equal(run('', 'approve', String(id), '--as', 'wucheng_admin').status, 0);

    const out = join(dir, `bank-${id}.csv`);
    assert.ok(killed(run('payout.export.built', 'export', String(id), '--as', 'township_clerk', '--out', out)));
    assert.equal((await clerk.get(`/api/v1/payout/batches/${id}`)).body.state, 'approved', 'killed before commit: not exported');
    const exported = run('', 'export', String(id), '--as', 'township_clerk', '--out', out);
    assert.equal(exported.status, 0, exported.stderr);
    const bytes = readFileSync(out);
    assert.equal(run('', 'export', String(id), '--as', 'township_clerk', '--out', out).status, 0, 'exporting again rewrites the same file');
    assert.ok(readFileSync(out).equals(bytes));

    const resultFile = join(dir, `result-${id}.csv`);
    writeFileSync(resultFile, resultFor(bytes.toString('utf8')));
    for (const fault of ['payout.reconcile.failed_marked', 'payout.reconcile.posted']) {
      const r = run(fault, 'reconcile', String(id), resultFile, '--as', 'township_clerk');
      assert.ok(killed(r), `${fault}: ${r.stdout}${r.stderr}`);
      assert.equal((await clerk.get(`/api/v1/payout/batches/${id}`)).body.state, 'exported', `killed at ${fault}: nothing applied`);
    }
    const reconciled = run('', 'reconcile', String(id), resultFile, '--as', 'township_clerk');
    assert.equal(reconciled.status, 0, reconciled.stderr);
    assert.match(run('', 'reconcile', String(id), resultFile, '--as', 'township_clerk').stdout, /nothing changed/);
    const verify = niangjia('ledger', 'verify');
    assert.equal(verify.status, 0, verify.stdout);
    assert.match(verify.stdout, /every journal balances/);
  });
});
