import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PORTAL_PASSWORD, PORTAL_PHONE, launch, open } from './lib.mjs';

const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

describe('member portal on a phone', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('signs in with phone and password and shows the membership card with its QR code', async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    const s = await open(browser, phone);
    const { page } = s;
    await page.goto(BASE + '/m/');
    await page.waitForURL(/\/m\/login/);
    s.expectHttpError(401);
    await page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await page.locator('[data-testid="portal-password"] input').fill('wrong-password-1');
    await page.getByTestId('portal-submit').click();
    await page.getByTestId('portal-error').getByText('手机号或密码错误').waitFor();
    await page.screenshot({ path: new URL('./screenshots/portal-sign-in.png', import.meta.url).pathname });

    await page.locator('[data-testid="portal-password"] input').fill(PORTAL_PASSWORD);
    await page.getByTestId('portal-submit').click();
    await page.waitForURL(/\/m\/card/);
    const card = page.getByTestId('portal-card');
    await card.waitFor();
    const cardNo = (await page.getByTestId('portal-card-no').innerText()).replace(/\s/g, '');
    assert.match(cardNo, /^\d{12}$/);
    const qr = page.getByTestId('portal-qr');
    await qr.waitFor();
    assert.equal(await qr.getAttribute('alt'), cardNo);
    assert.ok((await qr.evaluate((img) => img.naturalWidth)) > 100, 'the QR code is drawn');
    const box = await card.boundingBox();
    assert.ok(box.width <= 375 && box.x >= 0, `the card fits the screen: ${JSON.stringify(box)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await page.screenshot({ path: new URL('./screenshots/portal-card.png', import.meta.url).pathname });

    await page.getByTestId('tab-union').click();
    await page.getByTestId('portal-union').waitFor();
    await page.getByText('12351').waitFor();
    await page.screenshot({ path: new URL('./screenshots/portal-union.png', import.meta.url).pathname });

    await page.getByTestId('portal-sign-out').click();
    await page.waitForURL(/\/m\/login/);
    await page.goto(BASE + '/m/card');
    await page.waitForURL(/\/m\/login\?redirect=/);
    await s.done('portal');
  });

  it('speaks English when asked, on the portal too', async () => {
    const s = await open(browser, phone);
    const { page } = s;
    await page.goto(BASE + '/m/login');
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-en').click();
    await page.getByText('Member sign-in').waitFor();
    await page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await page.locator('[data-testid="portal-password"] input').fill(PORTAL_PASSWORD);
    await page.getByTestId('portal-submit').click();
    await page.getByText('Union membership card').waitFor();
    await s.done('portal-english');
  });
});
