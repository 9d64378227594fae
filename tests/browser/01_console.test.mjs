import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, open, signIn } from './lib.mjs';

describe('console: signing in, out and back, in two languages', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('shows the sign-in page in Chinese, refuses a wrong password, signs in and out', async () => {
    const s = await open(browser);
    const { page } = s;
    await page.goto(BASE + '/');
    await page.waitForURL(/\/login\?redirect=/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.getByText('娘家 · 工会工作平台').first().waitFor();
    await page.screenshot({ path: new URL('./screenshots/sign-in.png', import.meta.url).pathname });

    s.expectHttpError(401);
    await page.getByTestId('login-username').fill('city_admin');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();
    assert.match(page.url(), /\/login/);

    await signIn(page, 'city_admin');
    await page.getByTestId('user-org').getByText('金华市总工会').waitFor();
    await page.getByTestId('stat-members').waitFor();
    const members = Number((await page.getByTestId('stat-members').innerText()).replace(/\D/g, ''));
    assert.ok(members > 4000, `members on the dashboard: ${members}`);
    await page.locator('canvas').first().waitFor();
    await page.waitForTimeout(600); // charts animate in
    await page.screenshot({ path: new URL('./screenshots/dashboard.png', import.meta.url).pathname });

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    await page.goto(BASE + '/members');
    await page.waitForURL(/\/login\?redirect=(%2F|\/)members/);
    await s.done('sign-in-and-out');
  });

  it('drills down from a dashboard card into the list it counts', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'city_admin');
    await page.getByTestId('stat-new-form').click();
    await page.waitForURL(/\/members\?.*category=new_form/);
    await page.getByTestId('member-table').locator('tbody tr').first().waitFor();
    const categories = await page.getByTestId('member-table').locator('tbody tr td.col-category').allInnerTexts();
    assert.ok(categories.length > 0);
    for (const c of categories) assert.ok(['快递员', '外卖骑手', '网约车司机', '货车司机'].includes(c.trim()), c);
    await s.done('dashboard-drill-down');
  });

  it('sends a lost session back to sign-in, and to the same page after', async () => {
    const s = await open(browser);
    const { page, context } = s;
    await signIn(page, 'city_admin', undefined, '/members?category=courier');
    await page.waitForURL(/\/members\?category=courier/);
    await page.getByTestId('member-table').locator('tbody tr').first().waitFor();
    // The session ends on the server (here: its cookie is gone) while the page is open.
    await context.clearCookies();
    s.expectHttpError(401);
    await page.getByTestId('member-search').click();
    await page.waitForURL(/\/login\?redirect=/);
    await page.getByText('登录已失效，请重新登录').waitFor();
    await page.getByTestId('login-username').fill('city_admin');
    await page.getByTestId('login-password').fill(process.env.NJ_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/members\?category=courier/);
    await page.getByTestId('member-table').locator('tbody tr').first().waitFor();
    // The same on a reload of the page after the session has gone.
    await context.clearCookies();
    await page.reload();
    await page.waitForURL(/\/login\?redirect=.*category(%3D|=)courier/);
    await s.done('session-lost-and-back');
  });

  it('switches to English on every page and remembers it', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'city_admin');
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('side-menu').getByText('Members').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByText('Grassroots unions').first().waitFor();
    await page.reload();
    await page.getByTestId('side-menu').getByText('Organisations').waitFor();
    await page.goto(BASE + '/members');
    await page.getByRole('button', { name: 'Export to Excel' }).waitFor();
    // Errors from the server come in the chosen language too.
    s.expectHttpError(404);
    await page.goto(BASE + '/members/999999999');
    await page.getByText('No such record, or it is outside your scope').waitFor();
    await page.screenshot({ path: new URL('./screenshots/english.png', import.meta.url).pathname });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-zh').click();
    await page.getByRole('button', { name: '登录' }).waitFor();
    await s.done('language');
  });
});
