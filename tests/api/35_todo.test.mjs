// Figures that agree and 我的待办 (issue 15, items 8 and 10): every count on the home page equals
// the list it links to, under the 统计范围 chosen and in the caller's scope; a batch the caller
// made is not the caller's to approve; the ledger's report pages, totals and exports.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { Client, memberBody, sql, uniqueName } from './lib.mjs';

const KEYS = ['decide', 'batches', 'claims', 'archives', 'overdue', 'terms', 'no_committee'];

// Every row of a cursor-paged list (at most `pages` pages of 200).
async function all(client, path, pages = 50) {
  const out = [];
  let cursor = '';
  for (let i = 0; i < pages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
    out.push(...r.body.items);
    cursor = r.body.next_cursor;
    if (!cursor) return out;
  }
  throw new Error(`${path}: more than ${pages} pages`);
}

// A figure equals the count its list's total gives; past the list's cap (10 000: a county after
// the roster imports of the suite) the figure is beyond the cap.
async function agrees(figure, client, path, what) {
  const r = await client.get(path);
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  if (r.body.total_capped) assert.ok(figure > r.body.total, `${what}: ${figure} beyond ${r.body.total}`);
  else assert.equal(figure, r.body.total, what);
}
async function total(client, path) {
  const r = await client.get(path);
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  assert.equal(r.body.total_capped, false, `${path} is capped`);
  return r.body.total;
}

// Each item of the caller's to-do list equals the list it names.
async function todoAgrees(client) {
  const r = await client.get('/api/v1/stats/todo');
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const items = r.body.items;
  for (const i of items) {
    assert.ok(KEYS.includes(i.key), i.key);
    assert.match(i.list, /^\/api\/v1\//);
    if (i.key === 'no_committee') {
      const list = await client.get(i.list);
      assert.equal(list.status, 200);
      assert.deepEqual([i.count, i.capped], [list.body.total, list.body.total_capped], i.key);
      continue;
    }
    const rows = await all(client, i.list, 1).catch(() => null);
    const first = await client.get(`${i.list}&limit=200`);
    assert.equal(first.status, 200, `${i.list}: ${first.text.slice(0, 200)}`);
    assert.equal(i.count, first.body.items.length, `${i.key}: the count is the list's first page of 200`);
    assert.equal(i.capped, first.body.next_cursor !== null, `${i.key}: capped when there is more`);
    if (rows) assert.equal(i.count, rows.length, i.key);
  }
  return Object.fromEntries(items.map((i) => [i.key, i]));
}

describe('我的待办 and figures that agree', () => {
  let city, county, yiwu, clerk;

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    clerk = await Client.login('township_clerk');
  });

  it('counts what the linked lists show, for a city user and a county user', async () => {
    const c = await todoAgrees(city);
    const w = await todoAgrees(county);
    for (const key of ['decide', 'archives', 'overdue', 'terms', 'no_committee']) {
      assert.ok(c[key], `the city has ${key}`);
      assert.ok(w[key], `the county has ${key}`);
    }
    // The demo's committees: some terms end within six months, some unions have none.
    assert.ok(c.terms.count > 0, 'terms ending soon on the demo');
    assert.ok(c.no_committee.count > 0, 'unions without a committee on the demo');
    // Scope: a county's counts are within the city's, and two counties' lists do not meet.
    const y = await todoAgrees(yiwu);
    assert.ok(w.terms.count + y.terms.count <= c.terms.count || c.terms.capped);
    assert.ok(w.no_committee.count + y.no_committee.count <= c.no_committee.count);
    const wTerms = new Set((await all(county, w.terms.list)).map((t) => t.org_id));
    assert.ok((await all(yiwu, y.terms.list)).every((t) => !wTerms.has(t.org_id)), 'another county\'s terms are not mine');
    const wUnions = new Set((await all(county, '/api/v1/unions?no_committee=1')).map((u) => u.id));
    assert.equal(wUnions.size, w.no_committee.count);
    assert.ok((await all(yiwu, '/api/v1/unions?no_committee=1')).every((u) => !wUnions.has(u.id)));
    // Every union listed as without a committee really has none.
    for (const u of [...wUnions].slice(0, 5)) {
      assert.equal((await county.get(`/api/v1/orgs/${u}/committee`)).body, null);
    }
  });

  it('lists as decidable only what the caller may decide now', async () => {
    const decidable = await all(city, '/api/v1/applications?can_decide=1');
    assert.ok(decidable.every((a) => a.can_decide && a.state === 'submitted'));
    const waiting = await all(city, '/api/v1/applications?to_review=1');
    assert.deepEqual(decidable.map((a) => a.id), waiting.filter((a) => a.can_decide).map((a) => a.id));
    assert.deepEqual((await city.get('/api/v1/applications?can_decide=maybe')).body.field, 'can_decide');
  });

  it('does not count a batch I made as mine to approve (four eyes)', async () => {
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('待办测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    const m = await clerk.post('/api/v1/members', memberBody(u.body.id, { name: '待办甲' }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    const acct = await clerk.put(`/api/v1/members/${m.body.id}/bank-account`, { bank_code: '102', account_no: '6222600260001072444', holder: '待办甲', reason: '会员提供工资卡' });
    assert.equal(acct.status, 200, JSON.stringify(acct.body));
    const item = await clerk.post('/api/v1/payout/items', { source_module: 'mutual_aid', source_id: uniqueName('todo-'), member_id: m.body.id, amount_fen: 12300, purpose: '住院医疗互助金', fund: 'mutual_aid' });
    assert.equal(item.status, 201, JSON.stringify(item.body));
    const batch = await clerk.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: u.body.id });
    assert.equal(batch.status, 201, JSON.stringify(batch.body));
    const id = batch.body.id;

    const mine = await all(clerk, '/api/v1/payout/batches?to_approve=1');
    assert.ok(!mine.some((b) => b.id === id), 'the maker does not approve its own batch');
    const theirs = await all(county, '/api/v1/payout/batches?to_approve=1');
    assert.ok(theirs.some((b) => b.id === id), 'the county approves it');
    assert.ok(theirs.every((b) => b.state === 'draft'));
    assert.ok(!(await all(yiwu, '/api/v1/payout/batches?to_approve=1')).some((b) => b.id === id), 'another county does not');
    const w = await todoAgrees(county);
    assert.ok(w.batches.count >= 1);
    const t = (await clerk.get('/api/v1/stats/todo')).body.items.find((i) => i.key === 'batches');
    if (t) assert.equal(t.count, mine.length);
    // Its application too is the county's to decide, not the maker's.
    assert.ok(!(await all(clerk, '/api/v1/applications?can_decide=1')).some((a) => a.id === batch.body.application_id));
    assert.ok((await all(county, '/api/v1/applications?can_decide=1')).some((a) => a.id === batch.body.application_id));
    assert.equal((await county.post(`/api/v1/payout/batches/${id}/cancel`, { reason: '测试完毕' })).status, 200);
    assert.equal((await clerk.get('/api/v1/payout/batches?to_approve=2')).body.field, 'to_approve');
  });

  it('gives figures that equal their lists under the 统计范围 chosen', async () => {
    const township = clerk.me.org_id;
    for (const [client, org] of [[county, county.me.org_id], [county, township], [yiwu, yiwu.me.org_id]]) {
      const o = (await client.get(`/api/v1/stats/overview?org_id=${org}`)).body;
      assert.equal(o.org.id, org);
      await agrees(o.members, client, `/api/v1/members?org_id=${org}&status=active&limit=1`, 'members');
      assert.equal(o.grassroots_unions, await total(client, `/api/v1/unions?org_id=${org}&limit=1`), 'grassroots unions');
      assert.equal(o.enterprise_unions, await total(client, `/api/v1/unions?org_id=${org}&kind=enterprise_union&limit=1`), 'enterprise unions');
      for (const k of o.by_kind) {
        assert.equal(k.count, await total(client, `/api/v1/unions?org_id=${org}&kind=${k.kind}&limit=1`), k.kind);
      }
      const newForm = o.by_category.filter((c) => ['courier', 'delivery_rider', 'ride_hailing_driver', 'truck_driver'].includes(c.category)).reduce((n, c) => n + c.count, 0);
      await agrees(newForm, client, `/api/v1/members?org_id=${org}&category=new_form&status=active&limit=1`, 'new-form workers');
      const coverage = (await client.get(`/api/v1/orgs/${org}/coverage`)).body;
      assert.equal(coverage.with_union, (await all(client, `/api/v1/enterprises?org_id=${org}&covered=yes`)).length, 'enterprises covered');
      const aid = (await client.get(`/api/v1/aid/overview?org_id=${org}`)).body;
      assert.equal(aid.pending, (await all(client, `/api/v1/aid/hand-claims?org_id=${org}&state=undecided`)).length, 'claims waiting');
      assert.equal(aid.overdue, (await all(client, `/api/v1/aid/hand-claims?org_id=${org}&overdue=1`)).length, 'claims overdue');
    }
    // The aid alert follows the picker: a township's waiting claims are within its county's.
    const whole = (await county.get('/api/v1/aid/overview')).body;
    const one = (await county.get(`/api/v1/aid/overview?org_id=${township}`)).body;
    assert.ok(one.pending <= whole.pending);
    assert.equal((await yiwu.get(`/api/v1/aid/overview?org_id=${township}`)).status, 404, 'out of scope');
    assert.equal((await county.get('/api/v1/aid/overview?org_id=x')).body.field, 'org_id');
    assert.equal((await yiwu.get(`/api/v1/unions?org_id=${township}`)).status, 404, 'out of scope');
    assert.equal((await county.get('/api/v1/unions?kind=county_federation')).body.field, 'kind');
    assert.equal((await county.get('/api/v1/unions?no_committee=maybe')).body.field, 'no_committee');
    assert.equal((await county.get('/api/v1/unions?limit=0')).body.field, 'limit');
  });

  it('leaves a closed union out of the union figures and the list alike', async () => {
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'village_union', name: uniqueName('待办关闭村工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    const before = (await county.get(`/api/v1/stats/overview?org_id=${clerk.me.org_id}`)).body;
    assert.equal((await county.post(`/api/v1/orgs/${u.body.id}/close`, { reason: '村撤并' })).status, 200);
    const after = (await county.get(`/api/v1/stats/overview?org_id=${clerk.me.org_id}`)).body;
    assert.equal(after.grassroots_unions, before.grassroots_unions - 1);
    assert.equal(after.grassroots_unions, await total(county, `/api/v1/unions?org_id=${clerk.me.org_id}&limit=1`));
    assert.ok(!(await all(county, `/api/v1/unions?org_id=${clerk.me.org_id}`)).some((o) => o.id === u.body.id));
  });
});

// Waits for a job to end (its starter polls it).
async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running');
}

// Pays two members of a new union of the clerk's township end to end (the demo's payouts are
// pending), so that the ledger's report has rows of two unions.
async function payTwo(clerk, county) {
  for (const name of ['台账甲', '台账乙']) {
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('台账测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    const m = await clerk.post('/api/v1/members', memberBody(u.body.id, { name }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    assert.equal((await clerk.put(`/api/v1/members/${m.body.id}/bank-account`, { bank_code: '102', account_no: '6222600260001072444', holder: name, reason: '会员提供工资卡' })).status, 200);
    assert.equal((await clerk.post('/api/v1/payout/items', { source_module: 'mutual_aid', source_id: uniqueName('ledger-'), member_id: m.body.id, amount_fen: 45600, purpose: '住院医疗互助金', fund: 'mutual_aid' })).status, 201);
    const batch = (await clerk.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: u.body.id })).body;
    assert.equal((await county.post(`/api/v1/payout/batches/${batch.id}/approve`, { reason: '核对无误' })).status, 200);
    assert.equal((await clerk.post(`/api/v1/payout/batches/${batch.id}/export`, { format: 'generic' })).status, 200);
    const file = (await clerk.get(`/api/v1/payout/batches/${batch.id}/file`)).text;
    const rows = file.trim().split('\r\n').filter((l) => l.startsWith('D,')).map((l) => l.split(','));
    const result = `${rows.map((f) => `R,${f[2]},${f[3]},${f[6]},S,`).join('\r\n')}\r\nT,${rows.length},${rows.reduce((n, f) => n + Number(f[6]), 0)}\r\n`;
    const r = await clerk.request('POST', `/api/v1/payout/batches/${batch.id}/reconcile`, { raw: Buffer.from(result), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal((await waitJob(clerk, r.body.id)).state, 'done');
  }
}

describe('the ledger: pages, totals, export', () => {
  let county, yiwu;
  before(async () => {
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    await payTwo(await Client.login('township_clerk'), county);
  });

  it('pages the report and totals every row of the filter', async () => {
    const whole = await county.get('/api/v1/ledger/report?limit=200');
    assert.equal(whole.status, 200);
    const rows = await all(county, '/api/v1/ledger/report');
    assert.ok(rows.length > 0, 'the demo paid something');
    const walked = [];
    let cursor = '';
    do {
      const page = await county.get(`/api/v1/ledger/report?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 1);
      assert.deepEqual(page.body.totals, whole.body.totals, 'the totals are the filter\'s on every page');
      walked.push(...page.body.items);
      cursor = page.body.next_cursor;
    } while (cursor && walked.length < 1000);
    assert.deepEqual(walked, rows, 'small pages give the same rows, in order');
    const key = (r) => `${r.month}|${r.fund}|${r.source_module}|${String(r.org_id).padStart(12, '0')}`;
    assert.deepEqual(rows.map(key), rows.map(key).sort(), 'month, fund, source, union');
    assert.equal(whole.body.totals.count, rows.reduce((n, r) => n + r.count, 0));
    assert.equal(whole.body.totals.amount_fen, rows.reduce((n, r) => n + r.amount_fen, 0));
    const byMonth = new Map();
    for (const r of rows) byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.amount_fen);
    assert.deepEqual(whole.body.by_month, [...byMonth].map(([month, amount_fen]) => ({ month, amount_fen })));
    // The bank paid what the report says was paid.
    const bank = (await county.get('/api/v1/ledger/balances')).body.items.filter((b) => b.account === 'bank').reduce((n, b) => n + b.balance_fen, 0);
    assert.equal(-bank, whole.body.totals.amount_fen);
    // Months narrow both the rows and the totals.
    const month = rows[0].month;
    const one = await all(county, `/api/v1/ledger/report?from=${month}&to=${month}`);
    assert.deepEqual(one, rows.filter((r) => r.month === month));
  });

  it('refuses bad paging input, naming the parameter', async () => {
    for (const [q, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=x', 'limit'],
      ['cursor=nonsense', 'cursor'], ['cursor=2026-13|mutual_aid|mutual_aid|5', 'cursor'],
      ['cursor=2026-01|mutual_aid|mutual_aid|0', 'cursor'], ['cursor=2026-01|||5', 'cursor'], ['from=2026-13', 'from']]) {
      const r = await county.get(`/api/v1/ledger/report?${q.replace(/\|/g, '%7C')}`);
      assert.deepEqual([r.status, r.body.field], [400, field], q);
    }
    assert.equal((await yiwu.get(`/api/v1/ledger/report?org_id=${county.me.org_id}`)).status, 404);
  });

  it('exports the report through the audited export', async () => {
    const rows = await all(county, '/api/v1/ledger/report');
    const started = await county.post('/api/v1/exports', { list: 'ledger', filters: {} });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    let job;
    for (let i = 0; i < 200; i++) {
      job = (await county.get(`/api/v1/jobs/${started.body.id}`)).body;
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.match(job.file_name, /^资金台账_\d{8}\.xlsx$/);
    const file = await county.get(`/api/v1/jobs/${job.id}/file`);
    assert.equal(file.status, 200);
    const sheet = await readSheet(file.bytes);
    assert.deepEqual(sheet[0], ['月份', '资金', '来源', '组织', '笔数', '金额（元）']);
    assert.equal(sheet.length, rows.length + 1);
    assert.deepEqual(sheet.slice(1).map((r) => [r[0], r[3], Number(r[4])]), rows.map((r) => [r.month, r.org_name, r.count]));
    const audited = sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND entity = 'ledger' AND username = 'wucheng_admin'`);
    assert.ok(Number(audited.split('\n').map((l) => l.trim()).find((l) => /^\d+$/.test(l))) >= 1, 'the export is audited');
    const bad = await county.post('/api/v1/exports', { list: 'ledger', filters: { from: '2026-13' } });
    assert.deepEqual([bad.status, bad.body.field], [400, 'from']);
    const outside = await yiwu.post('/api/v1/exports', { list: 'ledger', filters: { org_id: String(county.me.org_id) } });
    assert.equal(outside.status, 404);
  });
});
