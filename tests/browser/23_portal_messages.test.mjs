// The member's messages and a forgotten password, on phones (390×844 and 360×740): the code read
// from the SMS sink's log file (NJ_SMS_LOG) as a member would read the text; messages made by real
// events (a transfer refused, then accepted, by the union it goes to), the tab's unread badge,
// tapping one (read, and its record opened), 全部已读; the words in Chinese and in English.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { BASE, PHONE, SMALL_PHONE, field, launch, open } from './lib.mjs';
import { Client, firstGrassroots, memberBody, newId } from '../api/lib.mjs';

const SMS_LOG = process.env.NJ_SMS_LOG ?? '';
const phone = `186${String(Date.now() % 1e8).padStart(8, '0')}`;

// The code of the last text the sink wrote to `to`, once it is there.
async function codeFor(to, after = 0) {
  for (let i = 0; i < 100; i++) {
    if (existsSync(SMS_LOG)) {
      const texts = readFileSync(SMS_LOG, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')).filter((f) => f[1] === to);
      if (texts.length > after) return /验证码为 (\d{6})/.exec(texts.at(-1)[2])[1];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no text to ${to} in ${SMS_LOG}`);
}

describe('member portal: forgotten password and messages', () => {
  let browser, clerk, yiwu, union, away, member;
  const fresh = 'browser-reset-2026';

  before(async () => {
    assert.ok(SMS_LOG, 'scripts/test.sh passes NJ_SMS_LOG');
    browser = await launch();
    clerk = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    union = await firstGrassroots(clerk, clerk.me.org_id);
    away = await firstGrassroots(yiwu, yiwu.me.org_id);
    const idNumber = newId();
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { name: '短信测试', id_number: idNumber, phone }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    member = r.body;
    const portal = new Client();
    const a = await portal.post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'browser-old-2026' });
    assert.equal(a.status, 200, JSON.stringify(a.body));
  });
  after(async () => { await browser.close(); });

  it('resets a forgotten password with the texted code and lands on the card (390×844)', async () => {
    const s = await open(browser, PHONE);
    const { page } = s;
    await page.goto(`${BASE}/m/login`);
    await page.getByTestId('portal-forgot').click();
    await page.waitForURL(/\/m\/forgot/);
    await field(page, 'portal-phone').fill(phone);
    const send = page.getByTestId('portal-code-send');
    await send.click();
    await page.getByTestId('portal-code').waitFor();
    await page.waitForFunction(() => /\d+ 秒后重新获取/.test(document.querySelector('[data-testid="portal-code-send"]')?.textContent ?? ''));
    assert.ok(await send.isDisabled(), 'one code a minute: the button waits');
    const code = await codeFor(phone);

    // A wrong code first: the field says so, and nothing else happens.
    s.expectHttpError(400);
    const wrong = String((Number(code) + 1) % 1e6).padStart(6, '0');
    await field(page, 'portal-code').fill(wrong);
    await field(page, 'portal-new-password').fill(fresh);
    await field(page, 'portal-new-confirm').fill(fresh);
    await page.getByTestId('portal-reset-submit').click();
    await page.getByTestId('portal-code').getByText('验证码不正确或已失效').waitFor();
    await page.screenshot({ path: new URL('./screenshots/portal-forgot.png', import.meta.url).pathname, fullPage: true });

    await field(page, 'portal-code').fill(code);
    await page.getByTestId('portal-reset-submit').click();
    await page.waitForURL(/\/m\/card/);
    await page.getByTestId('portal-card').waitFor();
    assert.equal(await page.getByTestId('portal-name').innerText(), '短信测试');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    assert.equal((await new Client().post('/api/v1/portal/login', { phone, password: 'browser-old-2026' })).status, 401, 'the old password is gone');
    await s.done('portal-reset-card');
  });

  it('shows messages of real events with the unread badge; one tapped opens its record; all read (360×740)', async () => {
    // Events: the member asks to move, the union it goes to refuses, then accepts a second ask.
    const portal = new Client();
    assert.equal((await portal.post('/api/v1/portal/login', { phone, password: fresh })).status, 200);
    const first = await portal.post('/api/v1/portal/transfer', { to_org_id: away.id, reason: '换了新工作' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal((await yiwu.post(`/api/v1/transfers/${first.body.id}/refuse`, { reason: '请先提供劳动合同' })).status, 200);
    const second = await portal.post('/api/v1/portal/transfer', { to_org_id: away.id, reason: '已补交劳动合同' });
    assert.equal((await yiwu.post(`/api/v1/transfers/${second.body.id}/accept`, {})).status, 200);

    const s = await open(browser, SMALL_PHONE);
    const { page } = s;
    await page.goto(`${BASE}/m/login`);
    await field(page, 'portal-phone').fill(phone);
    await field(page, 'portal-password').fill(fresh);
    await page.getByTestId('portal-submit').click();
    await page.waitForURL(/\/m\/card/);
    const badge = page.getByTestId('tab-messages').locator('.van-badge');
    await badge.waitFor();
    assert.equal((await badge.innerText()).trim(), '2');

    await page.getByTestId('tab-messages').click();
    await page.waitForURL(/\/m\/messages/);
    const rows = page.getByTestId('portal-message');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 2);
    assert.equal(await rows.nth(0).getAttribute('data-code'), 'transfer.accepted', 'newest first');
    await rows.nth(0).getByText('会籍已转入', { exact: true }).waitFor();
    await rows.nth(1).getByText(`「${away.name}」退回了您的转会申请：请先提供劳动合同`).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await page.screenshot({ path: new URL('./screenshots/portal-messages.png', import.meta.url).pathname, fullPage: true });

    // In English, the same messages in English words.
    await page.getByTestId('lang-button').click();
    await rows.nth(0).getByText('Transfer accepted', { exact: true }).waitFor();
    await rows.nth(1).getByText(`${away.name} refused your transfer: 请先提供劳动合同`).waitFor();
    await page.getByTestId('lang-button').click();
    await rows.nth(0).getByText('会籍已转入', { exact: true }).waitFor();
    assert.deepEqual(s.errors, [], 'no console errors on the messages page');

    // Tapped: marked read, and the page of the record it is about (the member's transfers) opens.
    // (What that page then does is its own test's: this one leaves it at once.)
    await rows.nth(1).click();
    await page.waitForURL((url) => url.pathname === '/m/transfer');
    await page.context().close();
    const after = (await portal.get('/api/v1/portal/messages')).body.items;
    assert.deepEqual(after.map((m) => Boolean(m.read_at)), [false, true], 'the tapped one is read on the server');

    // The next visit: the badge counts one; 全部已读 clears it, here and on the server.
    const s2 = await open(browser, SMALL_PHONE);
    const p2 = s2.page;
    await p2.goto(`${BASE}/m/login`);
    await field(p2, 'portal-phone').fill(phone);
    await field(p2, 'portal-password').fill(fresh);
    await p2.getByTestId('portal-submit').click();
    await p2.waitForURL(/\/m\/card/);
    const badge2 = p2.getByTestId('tab-messages').locator('.van-badge');
    await badge2.waitFor();
    assert.equal((await badge2.innerText()).trim(), '1');
    await p2.getByTestId('tab-messages').click();
    const rows2 = p2.getByTestId('portal-message');
    await rows2.first().waitFor();
    assert.deepEqual([await rows2.nth(0).getAttribute('data-read'), await rows2.nth(1).getAttribute('data-read')], ['0', '1']);
    await p2.getByTestId('portal-read-all').click();
    await badge2.waitFor({ state: 'detached' });
    assert.equal(await rows2.nth(0).getAttribute('data-read'), '1');
    const me = await portal.get('/api/v1/portal/me');
    assert.equal(me.body.unread_messages, 0, 'marked on the server');
    await s2.done('portal-messages-read');
  });
});
