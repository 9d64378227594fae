// Issue 15 item 3 in the browser, on the demo's stalled payouts: a county clerk opens the members
// with money waiting and no bank account and goes to one's page to enter it; the items the bank
// failed have their own filter with the bank's reason and what must happen next; the portal
// member binds a card on a phone (a wrong number refused on its field, then the right one shown
// by its last four digits).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PORTAL_PASSWORD, PORTAL_PHONE, launch, luhn, open, signIn } from './lib.mjs';

const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };


describe('payouts that stall on missing bank accounts', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('a county clerk finds the members without an account and opens one to enter it', async () => {
    const clerk = await open(browser);
    await signIn(clerk.page, 'wucheng_admin');
    await clerk.page.goto(`${BASE}/payout`);
    await clerk.page.getByTestId('payout-tabs').getByText('缺少银行账户').click();
    const table = clerk.page.getByTestId('missing-accounts');
    await table.locator('tbody tr').first().waitFor();
    const name = await table.getByTestId('missing-name').first().innerText();
    assert.match(name, /^.\*+$/, 'the name masked');
    assert.match(await table.locator('tbody tr').first().innerText(), /\d{3}\*+\d{3}[\dX]/, 'the ID number masked');
    assert.match(await table.getByTestId('missing-amount').first().innerText(), /^¥[\d,]+\.\d\d$/, 'in yuan');
    await clerk.page.screenshot({ path: new URL('./screenshots/accounts-missing.png', import.meta.url).pathname, fullPage: true });
    await table.locator('a[data-testid^="missing-open-"]').first().click();
    await clerk.page.waitForURL(/\/members\/\d+$/);
    await clerk.page.getByTestId('bank-card').getByText('尚未登记银行账户').waitFor();
    await clerk.done('accounts-missing-member');
  });

  it('the failed filter shows the bank\'s reason and that the account must be fixed first', async () => {
    const clerk = await open(browser);
    await signIn(clerk.page, 'wucheng_admin');
    await clerk.page.goto(`${BASE}/payout?tab=items`);
    await clerk.page.getByTestId('item-filter-state').click();
    await clerk.page.getByTestId('item-state-failed').click();
    const items = clerk.page.getByTestId('payout-items');
    await items.getByTestId('item-failure').first().waitFor();
    // The demo's failed line (other tests may have failed lines of their own).
    const row = items.locator('tbody tr').filter({ hasText: '户名与账号不符' }).first();
    await row.waitFor();
    assert.equal(await row.getByTestId('item-retry').innerText(), '待更正账户');
    assert.equal(await items.locator('tbody tr').count(), await items.getByTestId('item-failure').count(), 'only failed items');
    await clerk.done('accounts-failed-filter');
  });

  it('the member binds a card in the portal on a phone', async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    const member = await open(browser, phone);
    await member.page.goto(BASE + '/m/login');
    await member.page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await member.page.locator('[data-testid="portal-password"] input').fill(PORTAL_PASSWORD);
    await member.page.getByTestId('portal-submit').click();
    await member.page.waitForURL(/\/m\/card/);
    const me = await member.page.evaluate(async () => (await fetch('/api/v1/portal/me')).json());
    // 我的 → 我的银行卡.
    await member.page.getByTestId('tab-mine').click();
    await member.page.getByTestId('tile-bank-card').click();
    const cardBox = member.page.getByTestId('bank-card');
    await cardBox.waitFor();
    await cardBox.getByTestId('bank-card-edit').click();
    await member.page.getByTestId('bank-card-bank').click();
    await member.page.locator('.van-action-sheet').getByRole('button', { name: '中国工商银行', exact: true }).click();
    const good = luhn(`622202${String(Date.now() % 1e10).padStart(12, '0')}`.slice(0, 18));
    const bad = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10);
    const number = member.page.locator('[data-testid="bank-card-number"] input');
    await number.fill(bad);
    await member.page.locator('[data-testid="bank-card-holder"] input').fill(me.name);
    await member.page.getByTestId('bank-card-save').click();
    // Refused on the field, as the server would refuse it.
    await member.page.getByTestId('bank-card-number').locator('.van-field__error-message').getByText(/校验位/).waitFor();
    await member.page.screenshot({ path: new URL('./screenshots/accounts-portal-refused.png', import.meta.url).pathname, fullPage: true });
    await number.fill(good);
    await member.page.getByTestId('bank-card-save').click();
    await cardBox.getByTestId('bank-card-bound').getByText(`尾号 ${good.slice(-4)}`).waitFor();
    assert.match(await cardBox.getByTestId('bank-card-bound').innerText(), /中国工商银行/);
    assert.equal(await member.page.getByText(good).count(), 0, 'the full number is nowhere');
    const overflow = await member.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await member.done('accounts-portal-card');
  });
});
