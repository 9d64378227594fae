// 我的待办 and figures that agree (issue 15, items 8 and 10): the dashboard's to-do list counts
// what its links open; a card opens its list showing the same number; the ledger pages, totals
// and says what its signs mean. At 1366×768, the narrowest screen the console is made for.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, open, signIn } from './lib.mjs';

const VIEW = { viewport: { width: 1366, height: 768 } };
const num = (text) => Number(text.replace(/[^\d]/g, ''));

// The bank's result upload and its job, with the page's session (api() sends JSON only).
async function reconcile(page, batchId, text) {
  return page.evaluate(async ([id, body]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch(`/api/v1/payout/batches/${id}/reconcile`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': me.csrf_token }, body,
    });
    const job = await r.json();
    for (let i = 0; i < 400; i++) {
      const j = await (await fetch(`/api/v1/jobs/${job.id}`)).json();
      if (j.state !== 'running') return j;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    return null;
  }, [batchId, text]);
}

describe('我的待办 and figures that agree', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('shows 我的待办 with counts whose links open the lists they count', async () => {
    const s = await open(browser, VIEW);
    const { page } = s;
    await signIn(page, 'wucheng_admin');
    await page.getByTestId('todo').waitFor();
    const todo = Object.fromEntries((await api(page, 'GET', '/api/v1/stats/todo')).body.items.map((i) => [i.key, i]));
    for (const key of ['decide', 'archives', 'overdue', 'terms', 'no_committee']) {
      const shown = await page.getByTestId(`todo-${key}-count`).innerText();
      assert.equal(shown, todo[key].capped ? `${todo[key].count}+` : String(todo[key].count), key);
    }
    assert.ok(todo.terms.count > 0 && todo.no_committee.count > 0, 'the demo has terms ending and unions without a committee');
    await page.screenshot({ path: new URL('./screenshots/todo-dashboard.png', import.meta.url).pathname });

    // Terms ending within six months: the committees' list at 183 days, the same rows.
    await page.getByTestId('todo-terms').click();
    await page.waitForURL(/\/committees\?days=183/);
    const rows = page.getByTestId('committee-table').locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), Math.min(todo.terms.count, 20), 'the first page of the list counted');

    // Unions with no committee on record: the union list with that filter, its total the count.
    await page.goto(`${BASE}/`);
    await page.getByTestId('todo-no_committee').click();
    await page.waitForURL(/\/unions\?no_committee=1/);
    await page.getByTestId('unions-total').getByText(`共 ${todo.no_committee.count} 条`).waitFor();
    assert.equal(await page.getByTestId('unions-filter-no-committee').locator('input').isChecked(), true);

    // Applications I may decide now: the approvals page narrowed to those.
    await page.goto(`${BASE}/`);
    await page.getByTestId('todo-decide').click();
    await page.waitForURL(/\/applications\?can_decide=1/);
    await page.getByTestId('apps-can-decide').waitFor();
    const apps = page.getByTestId('apps-table').locator('tbody tr.el-table__row');
    if (todo.decide.count) await apps.first().waitFor();
    await page.waitForLoadState('networkidle');
    assert.equal(await apps.count(), Math.min(todo.decide.count, 20));

    // In English, the same list in words.
    await page.goto(`${BASE}/`);
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('todo').getByText('My to-do').waitFor();
    await page.getByTestId('todo-terms').getByText('Committees whose term ends within 6 months').waitFor();
    await page.getByTestId('stat-enterprise-unions').getByText('Enterprise unions').waitFor();
    await page.screenshot({ path: new URL('./screenshots/todo-dashboard-en.png', import.meta.url).pathname });
    await s.done('todo-links');
  });

  it('opens the list behind a card with the same number, under the 统计范围 chosen', async () => {
    const s = await open(browser, VIEW);
    const { page } = s;
    await signIn(page, 'city_admin');
    const county = (await api(page, 'GET', '/api/v1/orgs?q=%E5%A9%BA%E5%9F%8E')).body.items.find((o) => o.kind === 'county_federation');
    assert.ok(county, '婺城区总工会');
    // The picker's choice lives in the URL: the cards and the aid alert follow it.
    await page.goto(`${BASE}/?org_id=${county.id}`);
    await page.getByTestId('dashboard-scope').getByText(county.name).waitFor();
    const overview = (await api(page, 'GET', `/api/v1/stats/overview?org_id=${county.id}`)).body;
    await page.getByTestId('stat-unions-value').getByText(overview.grassroots_unions.toLocaleString('zh-CN'), { exact: true }).waitFor();
    const aid = (await api(page, 'GET', `/api/v1/aid/overview?org_id=${county.id}`)).body;
    if (aid.pending) {
      assert.match(await page.getByTestId('aid-overview-pending').innerText(), new RegExp(`${aid.pending} 笔`));
    }

    for (const [card, testid] of [['unions', 'unions-total'], ['enterprise-unions', 'unions-total'], ['members', 'member-total']]) {
      await page.goto(`${BASE}/?org_id=${county.id}`);
      const value = num(await page.getByTestId(`stat-${card}-value`).innerText());
      await page.getByTestId(`stat-${card}`).click();
      await page.waitForURL(new RegExp(`org_id=${county.id}`));
      await page.getByTestId(testid).getByText(`共 ${value} 条`).waitFor();
    }
    // 覆盖企业: the enterprises covered by a union, in the same scope.
    await page.goto(`${BASE}/?org_id=${county.id}`);
    const covered = num(await page.getByTestId('stat-enterprises-value').innerText());
    await page.getByTestId('stat-enterprises').click();
    await page.waitForURL(/\/enterprises\?.*covered=yes/);
    assert.equal(num(await page.getByTestId('coverage-covered').innerText()), covered);
    await s.done('dashboard-cards-agree');
  });

  it('pages the ledger, shows totals per account and says what the signs mean', async () => {
    const clerk = await open(browser, VIEW);
    const county = await open(browser, VIEW);
    await signIn(clerk.page, 'township_clerk');
    await signIn(county.page, 'wucheng_admin');
    // Twenty-one unions paid: more report rows than one page of twenty.
    const me = (await api(clerk.page, 'GET', '/api/v1/auth/me')).body;
    const tag = Date.now() % 100000;
    for (let i = 0; i < 21; i++) {
      const u = (await api(county.page, 'POST', '/api/v1/orgs', { parent_id: me.org_id, kind: 'enterprise_union', name: `台账分页${tag}-${i}公司工会`, division_code: '330702' })).body;
      const name = `台账${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅'[Math.floor(i / 10)]}`;
      // Born in 1955 (the demo never is), a day per union: no clash with anyone.
      const idBase = `330702195501${String(i + 1).padStart(2, '0')}${String(tag % 1000).padStart(3, '0')}`;
      const check = '10X98765432'[[...`${idBase}`].reduce((a, c, k) => a + Number(c) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][k], 0) % 11];
      const m = await api(clerk.page, 'POST', '/api/v1/members', { org_id: u.id, name, id_number: `${idBase}${check}`, phone: `139${String(tag).padStart(5, '0')}${String(i).padStart(3, '0')}`, employer: '台账测试公司', category: 'front_line', join_date: '2020-01-01' });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      assert.equal((await api(clerk.page, 'PUT', `/api/v1/members/${m.body.id}/bank-account`, { bank_code: '102', account_no: '6222600260001072444', holder: name, reason: '会员提供工资卡' })).status, 200);
      assert.equal((await api(clerk.page, 'POST', '/api/v1/payout/items', { source_module: 'mutual_aid', source_id: `ledger-${tag}-${i}`, member_id: m.body.id, amount_fen: 10000 + i, purpose: '住院医疗互助金', fund: 'mutual_aid' })).status, 201);
    }
    const batch = await api(clerk.page, 'POST', '/api/v1/payout/batches', { fund: 'mutual_aid', org_id: me.org_id });
    assert.equal(batch.status, 201, JSON.stringify(batch.body));
    assert.equal((await api(county.page, 'POST', `/api/v1/payout/batches/${batch.body.id}/approve`, { reason: '核对无误' })).status, 200);
    assert.equal((await api(clerk.page, 'POST', `/api/v1/payout/batches/${batch.body.id}/export`, { format: 'generic' })).status, 200);
    const file = await clerk.page.evaluate(async (id) => (await fetch(`/api/v1/payout/batches/${id}/file`)).text(), batch.body.id);
    const lines = file.trim().split('\r\n').filter((l) => l.startsWith('D,')).map((l) => l.split(','));
    const result = `${lines.map((f) => `R,${f[2]},${f[3]},${f[6]},S,`).join('\r\n')}\r\nT,${lines.length},${lines.reduce((n, f) => n + Number(f[6]), 0)}\r\n`;
    assert.equal((await reconcile(clerk.page, batch.body.id, result))?.state, 'done');
    await clerk.context.close();

    const { page } = county;
    await page.goto(`${BASE}/ledger`);
    const report = (await api(page, 'GET', '/api/v1/ledger/report?limit=200')).body;
    assert.ok(report.items.length > 20, `more than a page of rows (${report.items.length})`);
    const rows = page.getByTestId('ledger-report').locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 20);
    await page.getByTestId('ledger-report-totals').getByText(`共 ${report.totals.count} 笔`).waitFor();
    await page.getByTestId('pager-next').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ledger-report"] tbody tr').length !== 20);
    assert.equal(await rows.count(), Math.min(report.items.length - 20, 20));

    // Totals per account over every fund, and the signs said in words.
    const balances = (await api(page, 'GET', '/api/v1/ledger/balances')).body.items;
    const bank = balances.filter((b) => b.account === 'bank').reduce((n, b) => n + b.balance_fen, 0);
    assert.equal(-bank, report.totals.amount_fen, 'the bank paid what the report says');
    const shown = await page.getByTestId('balance-total-bank').innerText();
    assert.equal(num(shown), Math.abs(bank));
    assert.match(shown, /^-¥/);
    const signs = await page.getByTestId('ledger-signs').innerText();
    assert.match(signs, /银行存款/);
    assert.match(signs, /不是透支/);
    assert.match(signs, /贷方余额/);
    await page.getByTestId('export-button').waitFor();
    await county.done('ledger-paged');
  });
});
