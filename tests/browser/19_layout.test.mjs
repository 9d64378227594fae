// Layout at 1366×768 (issue 15, item 10) and words instead of codes (item 9): every console page,
// in Chinese and in English, shows its tables without a cut header or cell, without sideways
// scrolling and with the action column in view (the rest of a row in its detail); the audit log
// shows actions and fields in words and amounts in yuan; the roles page names permissions in
// words; a button that would be refused is disabled with the reason; the portal shows a member's
// application as submitted on a 360 px phone, with nothing wrapping mid-number.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PORTAL_PASSWORD, PORTAL_PHONE, api, launch, open, signIn } from './lib.mjs';

const desk = { viewport: { width: 1366, height: 768 } };
const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;

// Every page of the console's menu, and a record page of each kind reached from its list.
const PAGES = [
  '/', '/members', '/members/import', '/transfers', '/orgs', '/enterprises', '/committees', '/applications',
  '/payout', '/ledger', '/aid/plans', '/aid/ingest', '/aid/claims', '/hardship', '/hardship/archives',
  '/hardship/standards', '/hardship/relevels', '/hardship/grants', '/hardship/campaigns', '/hardship/reports',
  '/users', '/roles', '/audit',
];
// A record page: the first link of the list's table that leads to one.
const RECORDS = [
  ['/members', /\/members\/\d+$/],
  ['/payout', /\/payout\/batches\/\d+$/],
  ['/aid/plans', /\/aid\/plans\/[^/]+$/],
  ['/hardship/archives', /\/hardship\/archives\/\d+$/],
  ['/hardship/grants', /\/hardship\/grants\/\d+$/],
  ['/hardship/campaigns', /\/hardship\/campaigns\/\d+$/],
];

// What is wrong with the visible tables of the page: a header or cell whose text is cut (wider
// than its cell, an ellipsis), a table body that scrolls sideways, an action column out of view,
// or the page itself wider than the window.
function problemsOf() {
  const out = [];
  const main = document.querySelector('.main') ?? document.documentElement;
  if (main.scrollWidth > main.clientWidth + 1) out.push(`the page scrolls sideways (${main.scrollWidth} > ${main.clientWidth})`);
  for (const table of document.querySelectorAll('.el-table')) {
    if (!table.getClientRects().length || table.closest('.el-dialog, .el-drawer, .el-popper')) continue;
    const name = table.dataset.testid ?? table.closest('[data-testid]')?.dataset.testid ?? 'table';
    const wrap = table.querySelector('.el-table__body-wrapper .el-scrollbar__wrap') ?? table.querySelector('.el-table__body-wrapper');
    if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) out.push(`${name}: scrolls sideways (${wrap.scrollWidth} > ${wrap.clientWidth})`);
    const cells = [...table.querySelectorAll('.el-table__header-wrapper th .cell, .el-table__body-wrapper tbody > tr:nth-child(-n+8) > td .cell')];
    for (const c of cells) {
      if (!c.getClientRects().length || c.closest('.el-table__expanded-cell')) continue;
      if (c.scrollWidth > c.clientWidth + 1) out.push(`${name}: "${c.innerText.trim().slice(0, 24)}" cut (${c.scrollWidth} > ${c.clientWidth})`);
    }
    const box = table.getBoundingClientRect();
    for (const th of table.querySelectorAll('.el-table__header-wrapper th')) {
      if (!/^(操作|Actions)$/.test(th.innerText.trim())) continue;
      const b = th.getBoundingClientRect();
      if (b.width < 20 || b.right > box.right + 1 || b.left < box.left - 1) out.push(`${name}: the action column is out of view`);
    }
  }
  return out;
}

// The dates, amounts and long numbers of the page's text that a line break cuts in two.
function brokenNumbers() {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.textContent.matchAll(/\d{4}-\d{2}-\d{2}|¥[\d,]+\.\d\d|\d{6,}/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (lines.size > 1) out.push(m[0]);
    }
  }
  return out;
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask:not([style*="display: none"])'));
  await page.waitForTimeout(250); // Element Plus lays out a table's columns after the data arrives
}

describe('the console at 1366×768 and the words it uses', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  for (const lang of ['zh-CN', 'en']) {
    it(`shows every page's tables whole at 1366×768 (${lang})`, async () => {
      const s = await open(browser, desk);
      await s.context.addInitScript((l) => localStorage.setItem('nj_lang', l), lang);
      await signIn(s.page, 'city_admin');
      const found = [];
      const visit = async (path, name) => {
        await settle(s.page);
        for (const p of await s.page.evaluate(problemsOf)) found.push(`${path}: ${p}`);
        await s.page.screenshot({ path: shot(`layout-${lang}-${name}`) });
        // The page's other tabs (a plan's payments, the payout items …), each in turn.
        const tabs = s.page.locator('.main .el-tabs__header .el-tabs__item');
        const n = await tabs.count();
        for (let i = 1; i < n; i += 1) {
          if (!(await tabs.nth(i).isVisible())) continue;
          await tabs.nth(i).click();
          await settle(s.page);
          for (const p of await s.page.evaluate(problemsOf)) found.push(`${path} (tab ${i + 1}): ${p}`);
          await s.page.screenshot({ path: shot(`layout-${lang}-${name}-tab${i + 1}`) });
        }
      };
      for (const path of PAGES) {
        await s.page.goto(BASE + path);
        await visit(path, path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home');
      }
      for (const [list, record] of RECORDS) {
        await s.page.goto(BASE + list);
        await settle(s.page);
        const row = s.page.locator('.el-table tbody tr').first();
        if (!(await row.count())) continue;
        const link = row.locator('a, .el-link').first();
        await ((await link.count()) ? link : row).click();
        await s.page.waitForURL(record).catch(() => {});
        if (!record.test(new URL(s.page.url()).pathname)) continue;
        await visit(new URL(s.page.url()).pathname, `record${list.replace(/\W+/g, '-')}`);
      }
      // The tree's member counts stay in view three levels down.
      await s.page.goto(`${BASE}/orgs`);
      await settle(s.page);
      for (let depth = 0; depth < 3; depth += 1) {
        const closed = s.page.locator('.org-tree .el-tree-node__expand-icon:not(.expanded):not(.is-leaf)').nth(depth === 0 ? 0 : 1);
        if (!(await closed.count())) break;
        await closed.click();
        await settle(s.page);
      }
      const cut = await s.page.locator('.org-tree .tree').evaluate((tree) => {
        const right = tree.getBoundingClientRect().right;
        return [...tree.querySelectorAll('.count')].filter((c) => c.getClientRects().length && c.getBoundingClientRect().right > right + 1).map((c) => c.closest('.node').innerText);
      });
      for (const c of cut) found.push(`/orgs tree: the count of "${c}" is cut`);
      await s.page.screenshot({ path: shot(`layout-${lang}-tree`) });
      // The sidebar's title is whole in either language.
      const brand = await s.page.locator('.brand-name').evaluate((e) => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right, e.closest('.aside').getBoundingClientRect().right]);
      assert.ok(brand[0] <= brand[1] + 1 && brand[2] <= brand[3], `the sidebar title fits: ${brand}`);
      assert.deepEqual(found, []);
      await s.done(`layout-${lang}`);
    });
  }

  it('shows the audit log in words, amounts in yuan, and a portal step as the member\'s', async () => {
    const s = await open(browser, desk);
    await signIn(s.page, 'city_admin');
    // A portal step: the demo member changes their password and back (the log names the member).
    const steps = await s.page.evaluate(async ([phone, pw]) => {
      const json = { 'content-type': 'application/json' };
      const login = await fetch('/api/v1/portal/login', { method: 'POST', headers: json, body: JSON.stringify({ phone, password: pw }) });
      const token = (await login.json()).csrf_token;
      const change = async (a, b) => (await fetch('/api/v1/portal/password', { method: 'POST', headers: { ...json, 'x-csrf-token': token }, body: JSON.stringify({ current_password: a, new_password: b }) })).status;
      return [login.status, await change(pw, `${pw}-x`), await change(`${pw}-x`, pw)];
    }, [PORTAL_PHONE, PORTAL_PASSWORD]);
    assert.deepEqual(steps, [200, 200, 200]);
    // An amount in the log: set a hardship standard again (monthly_fen, in fen).
    const year = new Date().getFullYear();
    const std = await api(s.page, 'GET', `/api/v1/hardship/standards?year=${year}`);
    const one = std.body.items.find((x) => x.editable);
    assert.ok(one, 'a standard the city may set');
    const set = await api(s.page, 'PUT', `/api/v1/hardship/standards/${one.division_code}/${year}`, { monthly_fen: one.monthly_fen, relative_pct: one.relative_pct });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await s.page.goto(`${BASE}/audit`);
    const table = s.page.getByTestId('audit-table');
    await table.locator('tbody tr').first().waitFor();
    const first = await table.locator('tbody tr').first().innerText();
    assert.match(first, /设定低保标准/);
    assert.match(first, /每月标准: ¥[\d,]+\.\d\d/);
    assert.doesNotMatch(first, /monthly_fen|relative_pct/);
    // Filter by an action in words, then by a record.
    await s.page.getByTestId('audit-action').click();
    await s.page.locator('.el-select-dropdown:visible').getByRole('option', { name: '修改密码', exact: true }).click();
    await s.page.getByTestId('audit-search').click();
    await settle(s.page);
    const rows = await table.locator('tbody tr').allInnerTexts();
    assert.ok(rows.length > 0 && !rows.some((r) => /暂无数据|No Data/.test(r)), 'the member changed the password');
    for (const r of rows) assert.match(r, /修改密码/);
    assert.match(rows[0], /会员 .\*+（门户）/, rows[0]);
    assert.doesNotMatch(rows.join('\n'), /system:portal/);
    await s.page.screenshot({ path: shot('words-audit') });
    // The roles page names permissions in words.
    await s.page.goto(`${BASE}/roles`);
    await s.page.getByTestId('role-table').getByText('提交申请、登记企业').first().waitFor();
    const roles = await s.page.getByTestId('role-table').innerText();
    assert.match(roles, /提交申请、登记企业/);
    assert.doesNotMatch(roles, /\b[a-z]+:[a-z]+\b/, 'no permission code shown');
    await s.page.screenshot({ path: shot('words-roles') });
    await s.done('words-audit-roles');
  });

  it('disables a button that would be refused and says why', async () => {
    const s = await open(browser, desk);
    await signIn(s.page, 'wucheng_admin');
    const std = await api(s.page, 'GET', '/api/v1/hardship/standards');
    const other = std.body.items.find((x) => !x.editable);
    const own = std.body.items.find((x) => x.editable);
    assert.ok(other && own, `a county sees its own and other areas' standards: ${JSON.stringify(std.body.items.slice(0, 3))}`);
    await s.page.goto(`${BASE}/hardship/standards`);
    await settle(s.page);
    // Show every year: the first option of the year filter is 全部年份.
    await s.page.getByTestId('hs-std-year').click();
    await s.page.locator('.el-select-dropdown:visible').getByRole('option').first().click();
    await settle(s.page);
    const theirs = s.page.getByTestId(`hs-std-edit-${other.division_code}`).first();
    assert.ok(await theirs.isDisabled(), 'another county\'s 调整 is disabled');
    await theirs.locator('xpath=..').hover();
    await s.page.locator('.el-popper:visible').getByText('只能调整本地区的低保标准').waitFor();
    assert.ok(!(await s.page.getByTestId(`hs-std-edit-${own.division_code}`).first().isDisabled()), 'its own is not');
    await s.page.screenshot({ path: shot('refused-standard') });
    await s.done('refused-standard');
  });

  it('disables 审核通过 for the maker of a batch, with the reason', async () => {
    const s = await open(browser, desk);
    await signIn(s.page, 'city_admin');
    const me = await api(s.page, 'GET', '/api/v1/auth/me');
    const made = await api(s.page, 'POST', '/api/v1/payout/batches', { fund: 'mutual_aid', org_id: me.body.org_id });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    try {
      await s.page.goto(`${BASE}/payout/batches/${made.body.id}`);
      const approve = s.page.getByTestId('batch-approve');
      await approve.waitFor();
      assert.ok(await approve.isDisabled(), 'the maker may not approve');
      await approve.locator('xpath=..').hover();
      await s.page.locator('.el-popper:visible').getByText('发放批次须由制单人以外的人审核').waitFor();
      await s.page.screenshot({ path: shot('refused-batch-approve') });
    } finally {
      // Give the items back for whoever comes next.
      const cancelled = await api(s.page, 'POST', `/api/v1/payout/batches/${made.body.id}/cancel`, { reason: '布局测试：制单人不能审核' });
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    }
    await s.done('refused-batch-approve');
  });

  it('shows a member\'s submitted hardship application as submitted, whole on a 360 px phone', async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    const s = await open(browser, phone);
    const { page } = s;
    await page.goto(BASE + '/m/login');
    await page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await page.locator('[data-testid="portal-password"] input').fill(PORTAL_PASSWORD);
    await page.getByTestId('portal-submit').click();
    await page.waitForURL(/\/m\/card/);
    await page.getByTestId('tab-hardship').click();
    await page.getByTestId('portal-hardship').waitFor();
    if (await page.getByTestId('portal-hs-apply').count()) {
      await page.getByTestId('portal-hs-apply').click();
      await page.getByTestId('portal-hs-form').waitFor();
      await page.getByTestId('portal-hs-cause-unemployment').click();
      await page.getByTestId('portal-hs-age-0').fill('51');
      await page.getByTestId('portal-hs-income-0').fill('9600');
      await page.getByTestId('portal-hs-submit').click();
      await page.waitForURL(/\/m\/hardship$/);
    }
    const archive = page.getByTestId('portal-hs-archive').first();
    await archive.waitFor();
    const state = (await page.evaluate(async () => (await (await fetch('/api/v1/portal/hardship')).json()).items))[0].state;
    const shown = await archive.getByTestId('portal-hs-state').innerText();
    assert.notEqual(shown, '草稿');
    if (state === 'draft') assert.equal(shown, '已提交');
    await page.screenshot({ path: shot('portal-hardship-360'), fullPage: true });
    // On every tab: nothing wider than the phone, and no date, amount or long number broken
    // across lines.
    const tabs = await page.locator('[data-testid^="tab-"]').evaluateAll((l) => l.map((e) => e.dataset.testid));
    const found = [];
    for (const tab of tabs) {
      await page.getByTestId(tab).click();
      await page.waitForLoadState('networkidle');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) found.push(`${tab}: ${wide} px wider than the phone`);
      for (const b of await page.evaluate(brokenNumbers)) found.push(`${tab}: "${b}" broken across lines`);
      await page.screenshot({ path: shot(`portal-360-${tab}`), fullPage: true });
    }
    assert.deepEqual(found, []);
    await s.done('portal-hardship-360');
  });
});
