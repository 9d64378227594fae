// Trust at the edges in the web app: 修改密码 from the console's user menu, 停用/启用 a user from
// the users page (their open session ends at once). Every page here runs under the server's
// Content-Security-Policy: a refused script or style would be a console error and fail the test.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PORTAL_PASSWORD, PORTAL_PHONE, api, launch, open, signIn } from './lib.mjs';

const name = (prefix) => prefix + process.pid + String(Date.now() % 1e6);

// Element Plus puts an el-input's data-testid on the <input> itself.
const field = (page, id) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

describe('console: password change and disabled users', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  // A new viewer of the city federation, created through the API by city_admin's page.
  async function newUser(page, password) {
    const username = name('web_edge_');
    const r = await api(page, 'POST', '/api/v1/users', { username, password, role: 'viewer', display_name: username });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { username, id: r.body.id };
  }

  it('changes the password from the user menu; the new one signs in', async () => {
    const admin = await open(browser);
    await signIn(admin.page, 'city_admin');
    const user = await newUser(admin.page, 'first-password-1');
    await admin.done('edges-admin-created-user');

    const s = await open(browser);
    const { page } = s;
    await signIn(page, user.username, 'first-password-1');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('change-password').click();
    const dialog = page.getByTestId('password-dialog');
    await dialog.getByText('修改密码').first().waitFor();
    // A mismatch is caught before asking the server; a wrong current password by the server.
    await field(page, 'password-current').fill('first-password-1');
    await field(page, 'password-new').fill('second-password-2');
    await field(page, 'password-again').fill('second-password-X');
    await page.getByTestId('password-save').click();
    await dialog.getByText('两次输入的新密码不一致').waitFor();
    s.expectHttpError(400);
    await field(page, 'password-current').fill('not-the-password');
    await field(page, 'password-again').fill('second-password-2');
    await page.getByTestId('password-save').click();
    await dialog.getByText('当前密码不正确').waitFor();
    await field(page, 'password-current').fill('first-password-1');
    await page.getByTestId('password-save').click();
    await page.getByText('密码已修改').waitFor();
    await page.screenshot({ path: new URL('./screenshots/edges-password-changed.png', import.meta.url).pathname });

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login/);
    await signIn(page, user.username, 'second-password-2');
    await page.getByTestId('user-name').getByText(user.username).waitFor();
    await s.done('edges-password-change');
  });

  it('disables a user from the users page: their open session ends; enables them again', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'city_admin');
    const user = await newUser(page, 'victim-password-1');

    const other = await open(browser);
    await signIn(other.page, user.username, 'victim-password-1');
    assert.equal((await api(other.page, 'GET', '/api/v1/auth/me')).status, 200);

    await page.goto(BASE + '/users');
    await page.getByTestId(`user-state-${user.username}`).getByText('正常').waitFor();
    // The users come a page at a time (20 by default), with the list's pager under them.
    await page.getByTestId('pager').waitFor();
    assert.ok(await page.getByTestId('user-table').locator('tbody tr').count() <= 20, 'one page of users');
    assert.equal(await page.getByTestId('pager-prev').isDisabled(), true, 'the first page');
    await page.getByTestId(`user-toggle-${user.username}`).click();
    await page.locator('.el-message-box').getByText(`停用用户 ${user.username}？`).waitFor();
    await page.screenshot({ path: new URL('./screenshots/edges-disable-confirm.png', import.meta.url).pathname });
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.getByTestId(`user-state-${user.username}`).getByText('已停用').waitFor();
    await page.screenshot({ path: new URL('./screenshots/edges-user-disabled.png', import.meta.url).pathname });

    other.expectHttpError(401);
    assert.equal((await api(other.page, 'GET', '/api/v1/auth/me')).status, 401);
    await other.done('edges-disabled-session');

    await page.getByTestId(`user-toggle-${user.username}`).click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.getByTestId(`user-state-${user.username}`).getByText('正常').waitFor();
    await s.done('edges-user-enabled');
  });
});

describe('portal: a member changes their password on the phone', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  async function portalSignIn(page, password) {
    await page.goto(BASE + '/m/login');
    await page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await page.locator('[data-testid="portal-password"] input').fill(password);
    await page.getByTestId('portal-submit').click();
    await page.waitForURL(/\/m\/card/);
  }

  async function change(page, from, to) {
    await page.getByTestId('portal-change-password').click();
    await field(page, 'password-current').fill(from);
    await field(page, 'password-new').fill(to);
    await field(page, 'password-again').fill(to);
    await page.getByTestId('password-save').click();
    await page.getByText('密码已修改').first().waitFor();
  }

  it('changes it from the card; another phone signed in is signed out; the new one signs in (and the demo\'s is put back)', async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    const fresh = 'portal-edge-' + process.pid;
    const phone = { viewport: { width: 390, height: 844 } };
    const other = await open(browser, phone);
    await portalSignIn(other.page, PORTAL_PASSWORD);
    const s = await open(browser, phone);
    await portalSignIn(s.page, PORTAL_PASSWORD);
    await change(s.page, PORTAL_PASSWORD, fresh);
    await s.page.screenshot({ path: new URL('./screenshots/edges-portal-password.png', import.meta.url).pathname });
    // The other phone's session ended with the change.
    other.expectHttpError(401);
    const gone = await other.page.evaluate(async () => (await fetch('/api/v1/portal/me')).status);
    assert.equal(gone, 401);
    const again = await open(browser, phone);
    await portalSignIn(again.page, fresh);
    await change(again.page, fresh, PORTAL_PASSWORD);
    await other.done('edges-portal-other-phone');
    await s.done('edges-portal-password');
    await again.done('edges-portal-password-back');
  });
});
