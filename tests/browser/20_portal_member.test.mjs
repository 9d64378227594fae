// The member's own pages of the Vant portal (issue 16) on a phone and a narrow phone: a worker
// joins and follows the application, activates, sees the card and its QR, reaches the union
// (tel: links, the 12351 hotline), goes back with the phone's back button, pulls a page down to
// reload it, asks to move to another union, reads 我的申请 (a hardship application the union
// is checking reads as sent, never 「草稿」), and changes the password; nothing is wider than
// the phone, in Chinese or in English.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, SMALL_PHONE, api, field, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const shot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;
const wide = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const CHINA_YEAR = new Date(Date.now() + 8 * 3600e3).getUTCFullYear();

// A call of the portal's API with the member's session (the portal's CSRF token from /me).
const portalApi = (page, method, path, body) => page.evaluate(async ([method, path, body]) => {
  const me = await (await fetch('/api/v1/portal/me')).json();
  const r = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token ?? '' }, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: await r.json().catch(() => null) };
}, [method, path, body]);

// A finger pulling the page down from near its top, through the DevTools protocol's touch input
// (the events a phone sends), slowly enough for van-pull-refresh to pass its threshold.
async function pullDown(page) {
  const cdp = await page.context().newCDPSession(page);
  const x = 180;
  const at = (y) => [{ x, y }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(120) });
  for (let y = 130; y <= 420; y += 10) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(y) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

describe('the member\'s own pages of the portal, on phones', () => {
  let browser, admin, union, destination;
  before(async () => {
    browser = await launch();
    admin = await open(browser);
    await signIn(admin.page, 'wucheng_admin');
    const me = (await api(admin.page, 'GET', '/api/v1/auth/me')).body;
    const stamp = Date.now() % 1e6;
    const made = await api(admin.page, 'POST', '/api/v1/orgs', { parent_id: me.org_id, kind: 'joint_union', name: `门户会员联合工会${stamp}`,
      division_code: '330702', contact_name: '王主席', contact_phone: '0579-82345678', address: '金华市婺城区八一南街 1 号' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    union = made.body;
    const yiwu = await open(browser);
    await signIn(yiwu.page, 'yiwu_admin');
    const yiwuOrg = (await api(yiwu.page, 'GET', '/api/v1/auth/me')).body.org_id;
    destination = (await api(yiwu.page, 'POST', '/api/v1/orgs', { parent_id: yiwuOrg, kind: 'enterprise_union', name: `门户转入公司工会${stamp}`, division_code: '330782' })).body;
    assert.ok(destination?.id);
    await yiwu.context.close();
    // A hardship application needs 婺城's minimum standard of the year; the demo has one, a bare
    // database gets test 20's.
    const standards = await api(admin.page, 'GET', `/api/v1/hardship/standards?division_code=330702&year=${CHINA_YEAR}`);
    if (!standards.body.items?.length) {
      assert.equal((await api(admin.page, 'PUT', `/api/v1/hardship/standards/330702/${CHINA_YEAR}`, { monthly_fen: 100000, relative_pct: 200 })).status, 200);
    }
  });
  after(async () => {
    await admin.context.close();
    await browser.close();
  });

  for (const [name, device] of [['phone', PHONE], ['small phone', SMALL_PHONE]]) {
    it(`a worker joins, follows it, activates and uses their pages on a ${name} (${device.viewport.width} px)`, async () => {
      const tag = `${device.viewport.width}`;
      const first17 = `3307021990${String(1 + (Date.now() % 9)).padStart(2, '0')}1${String(Date.now() % 10000).padStart(4, '0')}`;
      const id = first17 + checkChar(first17);
      const phone = `135${String((Date.now() + device.viewport.width) % 1e8).padStart(8, '0')}`;
      const password = `member-pass-${tag}`;
      const s = await open(browser, device);
      const { page } = s;
      const overflow = [];
      const fits = async (where) => {
        const px = await wide(page);
        if (px > 0) overflow.push(`${where}: ${px} px wider than the phone`);
      };

      // Joining, with the union chosen on a sheet.
      await page.goto(BASE + '/m/login');
      await page.getByTestId('portal-join-link').click();
      await field(page, 'join-name').fill('门户会员');
      await field(page, 'join-id-number').fill(id);
      await field(page, 'join-phone').fill(phone);
      await page.getByTestId('join-union').click();
      await field(page, 'union-search').fill(union.name.slice(0, 8));
      await page.getByTestId('union-option').filter({ hasText: union.name }).click();
      await fits('join');
      await page.getByTestId('join-submit').click();
      await page.getByTestId('join-sent').waitFor();
      const number = (await page.getByTestId('join-number').innerText()).match(/\d+/)[0];
      await fits('join-sent');

      // Its progress: waiting for the union, then approved with the card number.
      await page.getByTestId('join-progress-link').click();
      assert.equal(await field(page, 'progress-number').inputValue(), number);
      await field(page, 'progress-id-number').fill(id);
      await page.getByTestId('progress-submit').click();
      assert.equal(await page.getByTestId('progress-state').innerText(), '待工会审核');
      await fits('progress');
      assert.equal((await api(admin.page, 'POST', `/api/v1/applications/${number}/approve`, {})).status, 200);
      await page.getByTestId('progress-submit').click();
      await page.getByTestId('progress-state').getByText('已通过').waitFor();
      await page.screenshot({ path: shot(`portal-member-progress-${tag}`), fullPage: true });

      // Activation, and the card with its QR.
      await page.goto(BASE + '/m/login');
      await page.getByTestId('portal-mode').click();
      await field(page, 'portal-phone').fill(phone);
      await field(page, 'portal-id-number').fill(id);
      await field(page, 'portal-password').fill(password);
      await field(page, 'portal-confirm').fill(password);
      await page.getByTestId('portal-submit').click();
      await page.waitForURL(/\/m\/card/);
      const cardNo = (await page.getByTestId('portal-card-no').innerText()).replace(/\s/g, '');
      assert.match(cardNo, /^\d{12}$/);
      const qr = page.getByTestId('portal-qr');
      await qr.waitFor();
      assert.equal(await qr.getAttribute('alt'), cardNo);
      assert.ok((await qr.evaluate((img) => img.naturalWidth)) > 100, 'the QR code is drawn');
      await fits('card');

      // My union from 服务: the contact's phone and the hotline are links to call.
      await page.getByTestId('tab-services').click();
      await page.getByTestId('tile-union').click();
      await page.getByTestId('portal-union').getByText(union.name).waitFor();
      assert.equal(await page.getByTestId('union-phone').getAttribute('href'), 'tel:0579-82345678');
      assert.equal(await page.getByTestId('portal-hotline').getAttribute('href'), 'tel:12351');
      assert.ok(await page.getByTestId('portal-parent').count() >= 1, 'the federations above');
      for (const href of await page.locator('[data-testid="parent-phone"]').evaluateAll((l) => l.map((a) => a.getAttribute('href')))) assert.match(href, /^tel:/);
      const target = await page.getByTestId('portal-hotline').boundingBox();
      assert.ok(target.height >= 44, `the hotline is a finger's target: ${target.height} px`);
      await fits('union');
      await page.screenshot({ path: shot(`portal-member-union-${tag}`), fullPage: true });

      // Pulled down, the page asks for its data again (the layout calls its refresh()).
      const reloaded = page.waitForResponse((r) => r.url().endsWith('/api/v1/portal/union'));
      await pullDown(page);
      assert.equal((await reloaded).status(), 200, 'pulling down reloaded the union');
      await page.getByTestId('portal-union').getByText(union.name).waitFor();

      // The phone's back button: from a page opened on 服务 back to 服务.
      await page.goBack();
      await page.waitForURL(/\/m\/services$/);
      await page.getByTestId('tile-union').waitFor();

      // Moving to another union.
      await page.getByTestId('tile-transfer').click();
      await page.getByTestId('portal-transfer-union').click();
      await field(page, 'union-search').fill(destination.name);
      await page.getByTestId('union-option').filter({ hasText: destination.name }).click();
      await field(page, 'portal-transfer-reason').fill('到义乌新单位工作');
      await page.getByTestId('portal-transfer-submit').click();
      await page.getByTestId('portal-transfer-state').getByText('等待新工会接收').waitFor();
      await fits('transfer');

      // A hardship application sent from the portal (the hardship pages are another part's).
      const applied = await portalApi(page, 'POST', '/api/v1/portal/hardship', {
        member_id: 1, causes: ['unemployment'], medical_spending_fen: 0, school_spending_fen: 0,
        household: [{ name: '本人', relation: 'self', age: 51, health: 'healthy', schooling: 'none', annual_income_fen: 480000 }],
        income_sources: [{ source: 'other', monthly_fen: 40000 }],
      });
      assert.equal(applied.status, 201, JSON.stringify(applied.body));
      assert.equal(applied.body.state, 'draft', 'the union\'s draft to check');

      // 我的申请: each with its state in words; the hardship application reads as sent.
      await page.getByTestId('tab-mine').click();
      await page.getByTestId('tile-applications').click();
      const rows = page.getByTestId('portal-application');
      await rows.first().waitFor();
      const shown = await rows.evaluateAll((l) => l.map((e) => [e.dataset.kind, e.querySelector('[data-testid="application-state"]').innerText.trim()]));
      assert.deepEqual(Object.fromEntries(shown), { hardship: '已提交，待工会处理', transfer: '已提交，待工会处理', join: '已通过' });
      assert.equal(await page.getByText('草稿').count(), 0);
      await fits('applications');
      await page.screenshot({ path: shot(`portal-member-applications-${tag}`), fullPage: true });
      // A row opens where it is followed.
      await page.locator('[data-testid="portal-application"][data-kind="transfer"]').getByTestId('application-open').click();
      await page.waitForURL(/\/m\/transfer$/);
      await page.goBack();
      await page.waitForURL(/\/m\/applications$/);

      // The password: a wrong current one is refused on its field; then changed and signed in with.
      await page.getByTestId('tab-mine').click();
      await page.getByTestId('tile-password').click();
      await field(page, 'password-current').fill('not-the-password-1');
      await field(page, 'password-new').fill(`${password}-new`);
      await field(page, 'password-again').fill(`${password}-new`);
      s.expectHttpError(400);
      await page.getByTestId('password-save').click();
      await page.getByTestId('password-current').getByText('当前密码不正确').waitFor();
      await fits('password');
      await field(page, 'password-current').fill(password);
      await page.getByTestId('password-save').click();
      await page.getByText('密码已修改').first().waitFor();
      await page.waitForURL(/\/m\/mine$/);
      await page.getByTestId('portal-sign-out').click();
      await page.waitForURL(/\/m\/login/);
      await field(page, 'portal-phone').fill(phone);
      await field(page, 'portal-password').fill(`${password}-new`);
      await page.getByTestId('portal-submit').click();
      await page.waitForURL(/\/m\/card/);

      // In English, every page of the member's still fits.
      await page.getByTestId('tab-mine').click();
      await page.getByTestId('portal-language').click();
      await page.getByText('My applications').waitFor();
      await fits('mine (en)');
      for (const [path, ready] of [['/m/card', 'portal-card'], ['/m/union', 'portal-union'], ['/m/transfer', 'portal-transfer'],
        ['/m/applications', 'portal-application'], ['/m/password', 'password-save'], ['/m/services', 'portal-services'],
        ['/m/join', 'join-submit'], ['/m/progress', 'progress-submit']]) {
        await page.goto(BASE + path);
        await page.getByTestId(ready).first().waitFor();
        await fits(`${path} (en)`);
        await page.screenshot({ path: shot(`portal-member-en${path.replaceAll('/', '-')}-${tag}`), fullPage: true });
      }
      assert.deepEqual(overflow, []);
      await s.done(`portal-member-${tag}`);
    });
  }
});
