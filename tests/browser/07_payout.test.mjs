import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, PORTAL_PASSWORD, PORTAL_PHONE, api, launch, luhn, open, signIn } from './lib.mjs';

const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;


// The fields of one line of an RFC 4180 CSV.
function csvFields(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(field); field = ''; } else field += c;
  }
  out.push(field);
  return out;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const newId = (n) => {
  const first17 = `33070219790202${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
};

// The D lines of a generic bank file, as fields: D, seq, item id, account, holder, bank, amount, purpose.
const payments = (file) => file.split('\r\n').filter((l) => l.startsWith('D,')).map(csvFields);

// The bank's generic result file for `rows` (D lines): all paid but `failId`, whose account is
// closed; `off` is added to the trailer's total.
function resultFile(rows, failId, off = 0) {
  const lines = rows.map((d) => (Number(d[2]) === failId ? `R,${d[2]},${d[3]},${d[6]},F,账户已销户` : `R,${d[2]},${d[3]},${d[6]},S,`));
  const total = rows.reduce((sum, d) => sum + Number(d[6]), 0);
  return [...lines, `T,${rows.length},${total + off}`, ''].join('\r\n');
}

// Calls the API with a raw body (a bank's result file) or reads a file, with the page's session.
async function upload(page, path, text) {
  return page.evaluate(async ([path, text]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': me.csrf_token ?? '' }, body: text });
    return { status: r.status, body: await r.json() };
  }, [path, text]);
}
const fetchText = (page, path) => page.evaluate(async (path) => (await fetch(path)).text(), path);

// China's month now, as the ledger report names it.
const chinaMonth = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);


describe('one-card payout: bank account, batch, maker and checker, bank file, result, ledger, portal', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('a township clerk files a batch, the county approves it, the bank file goes out and its result comes back', async () => {
    const stamp = Date.now() % 1e8;
    const maker = await open(browser);
    await signIn(maker.page, 'township_clerk');
    const township = (await api(maker.page, 'GET', '/api/v1/auth/me')).body;
    const checker = await open(browser);
    await signIn(checker.page, 'wucheng_admin');

    // A union in the township with a member to pay.
    const union = (await api(checker.page, 'POST', '/api/v1/orgs', {
      parent_id: township.org_id, kind: 'enterprise_union', name: `浏览器发放${stamp}公司工会`, division_code: '330702' })).body;
    assert.ok(union.id, JSON.stringify(union));
    const person = (await api(maker.page, 'POST', '/api/v1/members', {
      org_id: union.id, name: '钱小满', id_number: newId(stamp), category: 'front_line', join_date: '2015-03-01' })).body;
    assert.ok(person.id, JSON.stringify(person));

    // The maker records the member's bank card on the member page. A wrong holder is refused
    // on its field; a number failing the Luhn check is kept with a warning; the right one
    // replaces it.
    await maker.page.goto(`${BASE}/members/${person.id}`);
    await maker.page.getByTestId('bank-card').getByText('尚未登记银行账户').waitFor();
    await maker.page.getByTestId('bank-set').click();
    assert.equal(await maker.page.getByTestId('bank-holder').inputValue(), '钱小满', 'the holder is the member');
    await maker.page.getByTestId('bank-code').click();
    await maker.page.keyboard.type('工商');
    await maker.page.getByRole('option', { name: /中国工商银行/ }).click();
    const good = luhn(`622202${String(stamp).padStart(8, '0')}1234`.slice(0, 18));
    const bad = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10);
    await maker.page.getByTestId('bank-number').fill(bad);
    await maker.page.getByTestId('bank-holder').fill('钱小');
    await maker.page.getByTestId('bank-reason').fill('首次登记');
    maker.expectHttpError(400);
    await maker.page.getByTestId('bank-save').click();
    await maker.page.locator('.el-form-item.is-error').filter({ has: maker.page.getByTestId('bank-holder') }).waitFor();
    await maker.page.getByTestId('bank-holder').fill('钱小满');
    await maker.page.getByTestId('bank-save').click();
    await maker.page.locator('.el-message--warning').first().waitFor();
    await maker.page.getByTestId('bank-luhn').getByText('未通过 Luhn 校验').waitFor();
    await maker.page.getByTestId('bank-set').click();
    await maker.page.getByTestId('bank-number').fill(good.replace(/(\d{4})(?=\d)/g, '$1 '));
    await maker.page.getByTestId('bank-reason').fill('更正卡号');
    await maker.page.getByTestId('bank-save').click();
    await maker.page.getByTestId('bank-accounts').locator('tbody tr').nth(1).waitFor();
    await maker.page.getByTestId('bank-number').waitFor({ state: 'hidden' });
    const current = await maker.page.getByTestId('bank-accounts').locator('tbody tr').first().innerText();
    assert.match(current, /当前账户/);
    assert.match(current, new RegExp(`\\*{4}.*${good.slice(-4)}`), 'masked, the last four digits shown');
    assert.doesNotMatch(current, /未通过 Luhn 校验/, 'the right number passes');
    assert.equal(await maker.page.getByText(good).count(), 0, 'the full number is nowhere');
    await maker.page.screenshot({ path: shot('payout-bank-account'), fullPage: true });

    // Two amounts for the member, handed over as a module would; asked twice, still one item.
    const ask = (suffix, amount, purpose) => ({
      source_module: 'mutual_aid', source_id: `browser-${stamp}-${suffix}`, member_id: person.id, amount_fen: amount, purpose, fund: 'mutual_aid',
    });
    const paidPurpose = `住院医疗互助金（浏览器${stamp}）`;
    const failPurpose = `门诊医疗互助金（浏览器${stamp}）`;
    const a = await api(maker.page, 'POST', '/api/v1/payout/items', ask('a', 123456, paidPurpose));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const again = await api(maker.page, 'POST', '/api/v1/payout/items', ask('a', 123456, paidPurpose));
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.id, a.body.id, 'asked twice, one item');
    const b = await api(maker.page, 'POST', '/api/v1/payout/items', ask('b', 50000, failPurpose));
    assert.equal(b.status, 201, JSON.stringify(b.body));

    // The maker files the batch of the township's pending mutual aid (the own organisation is
    // the default).
    await maker.page.getByTestId('menu-payout').click();
    await maker.page.getByTestId('batch-new').click();
    assert.match(await maker.page.getByTestId('batch-dialog').getByTestId('org-picker').innerText(), new RegExp(township.org_name));
    await maker.page.getByTestId('batch-fund').click();
    await maker.page.getByRole('option', { name: '职工医疗互助保障金' }).click();
    await maker.page.getByTestId('batch-create').click();
    await maker.page.getByTestId('batch-created').waitFor();
    await maker.page.screenshot({ path: shot('payout-batch-created') });
    await maker.page.getByTestId('batch-open').click();
    await maker.page.waitForURL(/\/payout\/batches\/\d+$/);
    const batchId = Number(new URL(maker.page.url()).pathname.split('/').at(-1));
    assert.equal(await maker.page.getByTestId('batch-state').innerText(), '待审核');
    const items = maker.page.getByTestId('payout-items');
    const row = items.locator('tbody tr').filter({ hasText: paidPurpose });
    await row.waitFor();
    assert.match(await row.innerText(), /钱小满/);
    assert.match(await row.innerText(), /¥1,234\.56/);
    assert.match(await row.innerText(), new RegExp(`\\*{4}.*${good.slice(-4)}`));
    assert.match(await row.innerText(), /发放中/);
    assert.equal(await maker.page.getByTestId('batch-approve').count(), 0, 'a clerk does not approve');
    await maker.page.screenshot({ path: shot('payout-batch-draft'), fullPage: true });

    // The checker, another user, approves it.
    await checker.page.goto(`${BASE}/payout`);
    await checker.page.getByTestId(`batch-row-${batchId}`).click();
    await checker.page.getByTestId('batch-approve').click();
    await checker.page.getByTestId('batch-action-reason').fill('名单核对无误');
    await checker.page.getByTestId('batch-action-submit').click();
    await checker.page.getByTestId('batch-state').getByText('已审核').waitFor();

    // The maker exports the bank file (generic CSV): it downloads, with the item's line.
    await maker.page.reload();
    await maker.page.getByTestId('batch-export').click();
    await maker.page.getByTestId('export-format-generic').click();
    const download = maker.page.waitForEvent('download');
    await maker.page.getByTestId('export-submit').click();
    const file = readFileSync(await (await download).path(), 'utf8');
    await maker.page.getByTestId('batch-state').getByText('已导出').waitFor();
    assert.match(file, new RegExp(`^H,${batchId},mutual_aid,`));
    const rows = payments(file);
    const mine = rows.find((d) => Number(d[2]) === a.body.id);
    assert.ok(mine, `the file has the item's line:\n${file}`);
    assert.deepEqual(mine.slice(3, 7), [good, '钱小满', '102', '123456']);
    assert.ok(rows.some((d) => Number(d[2]) === b.body.id));

    // The bank's result: a total that is off is refused whole, and the page says why; the
    // right one (all paid but the closed account) is applied.
    const dir = mkdtempSync(join(tmpdir(), 'nj-payout-'));
    const wrong = join(dir, 'result-wrong.csv');
    writeFileSync(wrong, resultFile(rows, b.body.id, 1));
    const right = join(dir, 'result.csv');
    writeFileSync(right, resultFile(rows, b.body.id));
    await maker.page.getByTestId('batch-reconcile').click();
    await maker.page.getByTestId('reconcile-file').setInputFiles(wrong);
    // Applied by a job: the wrong file fails it, and the dialog shows the job's reason.
    await maker.page.getByTestId('reconcile-submit').click();
    const refused = await maker.page.getByTestId('reconcile-error').innerText();
    assert.match(refused, /未被接受/);
    await maker.page.screenshot({ path: shot('payout-reconcile-refused') });
    await maker.page.getByTestId('reconcile-file').setInputFiles(right);
    await maker.page.getByTestId('reconcile-submit').click();
    await maker.page.getByTestId('reconcile-result').waitFor();
    assert.equal(await maker.page.getByTestId('reconcile-paid').innerText(), String(rows.length - 1));
    assert.equal(await maker.page.getByTestId('reconcile-failed').innerText(), '1');
    await maker.page.keyboard.press('Escape');
    await maker.page.getByTestId('reconcile-result').waitFor({ state: 'hidden' });
    await maker.page.getByTestId('batch-state').getByText('已对账').waitFor();
    assert.equal(await maker.page.getByTestId('batch-paid').innerText(), String(rows.length - 1));
    assert.equal(await maker.page.getByTestId('batch-failed').innerText(), '1');
    await items.locator('tbody tr').filter({ hasText: paidPurpose }).getByText('已发放').waitFor();
    await maker.page.screenshot({ path: shot('payout-batch-reconciled'), fullPage: true });

    // The failed item is pending again, with the bank's reason.
    await maker.page.getByTestId('batch-failed-link').click();
    const failedRow = maker.page.getByTestId('payout-items').locator('tbody tr').filter({ hasText: failPurpose });
    await failedRow.waitFor();
    assert.match(await failedRow.innerText(), /待发放/);
    assert.equal(await failedRow.getByTestId('item-failure').innerText(), '账户已销户');
    assert.equal(await failedRow.getByTestId('item-retry').innerText(), '待更正账户', 'not paid again to the closed account');
    await maker.page.screenshot({ path: shot('payout-items-failed'), fullPage: true });
    await maker.done('payout-maker');

    // The member gives a new card (the failed item goes out again only once the account is
    // changed); the checker files the next batch of the township (the failed item again); whoever
    // files a batch cannot approve it, and is told so; the batch is cancelled.
    const newCard = luhn(`621700${String(stamp).padStart(8, '0')}4321`.slice(0, 18));
    const fixed = await api(checker.page, 'PUT', `/api/v1/members/${person.id}/bank-account`,
      { bank_code: '105', account_no: newCard, holder: '钱小满', reason: '原账户已销户，换新卡' });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    await checker.page.getByTestId('menu-payout').click();
    await checker.page.getByTestId('batch-new').click();
    await checker.page.getByTestId('batch-fund').click();
    await checker.page.getByRole('option', { name: '职工医疗互助保障金' }).click();
    await checker.page.getByTestId('batch-dialog').getByTestId('org-picker').click();
    await checker.page.keyboard.type(township.org_name);
    await checker.page.getByRole('option', { name: township.org_name, exact: true }).click();
    await checker.page.getByTestId('batch-create').click();
    await checker.page.getByTestId('batch-created').waitFor();
    await checker.page.getByTestId('batch-open').click();
    await checker.page.waitForURL(/\/payout\/batches\/\d+$/);
    await checker.page.getByTestId('payout-items').getByText(failPurpose).waitFor();
    // 审核通过 is offered disabled, with the reason, rather than refused after a click (issue 15).
    const approve = checker.page.getByTestId('batch-approve');
    assert.ok(await approve.isDisabled(), 'the maker may not approve');
    await approve.locator('xpath=..').hover();
    await checker.page.locator('.el-popper:visible').getByText('发放批次须由制单人以外的人审核').waitFor();
    await checker.page.screenshot({ path: shot('payout-maker-cannot-approve') });
    // The server refuses it all the same.
    checker.expectHttpError(403);
    const ownApproval = await api(checker.page, 'POST', `/api/v1/payout/batches/${new URL(checker.page.url()).pathname.split('/').at(-1)}/approve`, {});
    assert.equal(ownApproval.status, 403);
    assert.match(ownApproval.body.detail, /不能审核自己|filed yourself/);
    await checker.page.getByTestId('batch-cancel').click();
    await checker.page.getByTestId('batch-action-reason').fill('与下月批次合并发放');
    await checker.page.getByTestId('batch-action-submit').click();
    await checker.page.getByTestId('batch-state').getByText('已取消').waitFor();

    // The ledger: what the fund paid this month, and the balances with their signs; in English
    // on request.
    await checker.page.getByTestId('menu-ledger').click();
    const report = checker.page.getByTestId('ledger-report');
    await report.locator('tbody tr').filter({ hasText: chinaMonth() }).filter({ hasText: '职工医疗互助保障金' }).first().waitFor();
    assert.match(await checker.page.getByTestId('balance-mutual_aid-bank').innerText(), /^-¥[\d,]+\.\d\d$/, 'money left the bank');
    assert.match(await checker.page.getByTestId('balance-mutual_aid-expense').innerText(), /^¥[\d,]+\.\d\d$/);
    await checker.page.waitForTimeout(1500); // the bars grow in
    await checker.page.screenshot({ path: shot('payout-ledger'), fullPage: true });
    await checker.page.getByTestId('lang-button').click();
    await checker.page.getByTestId('lang-en').click();
    await checker.page.getByText('Fund balances').waitFor();
    await checker.page.getByTestId('menu-payout').getByText('One-card payouts').waitFor();
    await checker.done('payout-checker');
  });

  it('the member sees in the portal what was paid, to which card, and what failed and why', async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    const stamp = Date.now() % 1e8;
    const member = await open(browser, phone);
    await member.page.goto(BASE + '/m/login');
    await member.page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await member.page.locator('[data-testid="portal-password"] input').fill(PORTAL_PASSWORD);
    await member.page.getByTestId('portal-submit').click();
    await member.page.waitForURL(/\/m\/card/);
    const me = await member.page.evaluate(async () => (await fetch('/api/v1/portal/me')).json());
    assert.ok(me.member_id && me.name, JSON.stringify(me));

    // A county administrator whose scope holds the member is the maker; the city approves.
    let maker = null;
    for (const user of ['yiwu_admin', 'wucheng_admin']) {
      const s = await open(browser);
      await signIn(s.page, user);
      if ((await api(s.page, 'GET', `/api/v1/members/${me.member_id}`)).status === 200) {
        maker = s;
        break;
      }
      await s.context.close();
    }
    assert.ok(maker, 'a county holds the portal member');
    await maker.page.goto(`${BASE}/members/${me.member_id}`);
    await maker.page.getByTestId('bank-set').click();
    await maker.page.getByTestId('bank-code').click();
    await maker.page.keyboard.type('建设');
    await maker.page.getByRole('option', { name: /中国建设银行/ }).click();
    const card = luhn(`621700${String(stamp).padStart(8, '0')}5678`.slice(0, 18));
    await maker.page.getByTestId('bank-number').fill(card);
    await maker.page.getByTestId('bank-reason').fill('会员本人提供');
    await maker.page.getByTestId('bank-save').click();
    await maker.page.getByTestId('bank-accounts').getByText('中国建设银行').first().waitFor();

    const ask = (suffix, amount, purpose) => ({
      source_module: 'mutual_aid', source_id: `portal-${stamp}-${suffix}`, member_id: me.member_id, amount_fen: amount, purpose, fund: 'mutual_aid',
    });
    const paidPurpose = `住院医疗互助金（${stamp}）`;
    const failPurpose = `大病医疗互助金（${stamp}）`;
    const a = (await api(maker.page, 'POST', '/api/v1/payout/items', ask('a', 123456789, paidPurpose))).body;
    const b = (await api(maker.page, 'POST', '/api/v1/payout/items', ask('b', 88800, failPurpose))).body;
    assert.ok(a.id && b.id, JSON.stringify([a, b]));
    const batch = await api(maker.page, 'POST', '/api/v1/payout/batches', { fund: 'mutual_aid', org_id: me.org_id });
    assert.equal(batch.status, 201, JSON.stringify(batch.body));
    const city = await open(browser);
    await signIn(city.page, 'city_admin');
    const approved = await api(city.page, 'POST', `/api/v1/payout/batches/${batch.body.id}/approve`, { reason: '同意' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await city.done('payout-city');
    const exported = await api(maker.page, 'POST', `/api/v1/payout/batches/${batch.body.id}/export`, { format: 'generic' });
    assert.equal(exported.status, 200, JSON.stringify(exported.body));
    const rows = payments(await fetchText(maker.page, `/api/v1/payout/batches/${batch.body.id}/file`));
    assert.ok(rows.some((d) => Number(d[2]) === a.id));
    // The result file is applied by a job: followed until it ends.
    const started = await upload(maker.page, `/api/v1/payout/batches/${batch.body.id}/reconcile?format=generic`, resultFile(rows, b.id));
    assert.equal(started.status, 202, JSON.stringify(started.body));
    let job = started.body;
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await maker.page.waitForTimeout(50);
      job = (await api(maker.page, 'GET', `/api/v1/jobs/${started.body.id}`)).body;
    }
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal(job.summary.failed, 1);
    await maker.done('payout-portal-maker');

    // The member's payments, reached from 服务.
    await member.page.getByTestId('tab-services').click();
    await member.page.getByTestId('tile-payments').click();
    await member.page.getByTestId('portal-payments').waitFor();
    const paid = member.page.getByTestId('payment').filter({ hasText: paidPurpose });
    assert.equal(await paid.getByTestId('payment-amount').innerText(), '¥1,234,567.89');
    assert.equal(await paid.getByTestId('payment-state').innerText(), '已发放');
    assert.match(await paid.getByTestId('payment-paid').innerText(), new RegExp(`^\\d{4}-\\d\\d-\\d\\d 已发放至 尾号 ${card.slice(-4)}$`));
    assert.equal(await member.page.getByText(card).count(), 0, 'the full number is nowhere');
    const failed = member.page.getByTestId('payment').filter({ hasText: failPurpose });
    assert.equal(await failed.getByTestId('payment-amount').innerText(), '¥888.00');
    assert.equal(await failed.getByTestId('payment-state').innerText(), '银行退回', 'pending again, after the bank returned it');
    assert.match(await failed.getByTestId('payment-failure').innerText(), /发放失败：账户已销户/);
    const red = await failed.getByTestId('payment-failure').evaluate((e) => getComputedStyle(e).color);
    assert.equal(red, 'rgb(238, 10, 36)', 'the failure is in red');
    const overflow = await member.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await member.page.screenshot({ path: shot('payout-portal'), fullPage: true });
    await member.page.getByTestId('lang-button').click();
    await member.page.getByText('My payments').first().waitFor();
    await paid.getByTestId('payment-state').getByText('Paid').waitFor();
    await member.done('payout-portal-english');
  });
});
