// 会籍转接 in the browser (issue 15 item 1): a county clerk transfers a member out to a union of
// another county from the member's page; the receiving county accepts in 转入待接收 and the
// member is theirs; a second transfer, opened from 编辑会员's hint, is refused with a reason the
// origin reads under 已退回; a member on a phone asks to move and the receiving union sees it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const newId = (n) => {
  const first17 = `33070219900202${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
};
const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const stamp = Date.now() % 100000;

describe('transfers between unions, from the console and the portal', () => {
  let browser, county, yiwu, destination, members;

  before(async () => {
    browser = await launch();
    county = await open(browser);
    await signIn(county.page, 'wucheng_admin', undefined, '/');
    yiwu = await open(browser);
    await signIn(yiwu.page, 'yiwu_admin', undefined, '/');
    const yiwuMe = (await api(yiwu.page, 'GET', '/api/v1/auth/me')).body;
    destination = (await api(yiwu.page, 'POST', '/api/v1/orgs', {
      parent_id: yiwuMe.org_id, kind: 'enterprise_union', name: `义乌转入${stamp}公司工会`, division_code: '330782' })).body;
    assert.ok(destination.id, JSON.stringify(destination));
    const me = (await api(county.page, 'GET', '/api/v1/auth/me')).body;
    const origin = (await api(county.page, 'POST', '/api/v1/orgs', {
      parent_id: me.org_id, kind: 'enterprise_union', name: `婺城转出${stamp}公司工会`, division_code: '330702' })).body;
    assert.ok(origin.id, JSON.stringify(origin));
    members = [];
    for (const [i, name] of ['调动小王', '调动小李', '换工作小赵'].entries()) {
      const [id, tel] = [newId(stamp + i), `1390${String(stamp).padStart(5, '0')}${i}0`];
      const m = (await api(county.page, 'POST', '/api/v1/members', {
        org_id: origin.id, name, id_number: id, phone: tel, category: 'front_line', join_date: '2016-04-01' })).body;
      assert.ok(m.id, JSON.stringify(m));
      members.push({ ...m, id_full: id, phone_full: tel });
    }
  });
  after(async () => { await browser.close(); });

  it('transfers a member out from the member page; the receiving county accepts; the member is theirs', async () => {
    const [m] = members;
    await county.page.goto(`${BASE}/members/${m.id}`);
    await county.page.getByTestId('transfer-out').click();
    const form = county.page.getByTestId('transfer-form');
    // Nothing chosen, no reason: both told on their fields, nothing sent.
    await county.page.getByTestId('transfer-submit').click();
    await form.getByText('请选择转入的基层工会').waitFor();
    await form.getByTestId('org-picker').click();
    await county.page.keyboard.type(destination.name);
    await county.page.getByRole('option', { name: destination.name }).click();
    await county.page.getByTestId('transfer-reason').fill('调到义乌工作');
    await county.page.getByTestId('transfer-submit').click();
    await county.page.getByTestId('member-transfers').getByText('待接收').waitFor();
    assert.match(await county.page.getByTestId('member-transfers').innerText(), new RegExp(destination.name));
    assert.equal(await county.page.getByTestId('transfer-out').count(), 0, 'one open transfer at a time');

    await yiwu.page.goto(`${BASE}/transfers`);
    const row = yiwu.page.getByTestId('transfer-table').locator('tr', { hasText: destination.name }).filter({ hasText: '调到义乌工作' });
    await row.waitFor();
    assert.match(await row.innerText(), /调\*\*/, 'the name masked');
    assert.match(await row.innerText(), /婺城转出/);
    assert.match(await row.innerText(), /待接收/);
    await row.getByTestId('transfer-accept').click();
    await yiwu.page.getByTestId('transfer-action-submit').click();
    await row.waitFor({ state: 'detached' });

    await yiwu.page.goto(`${BASE}/members/${m.id}`);
    await yiwu.page.getByTestId('member-name').getByText(m.name).waitFor();
    await yiwu.page.getByText(destination.name).first().waitFor();
    assert.match(await yiwu.page.getByTestId('member-transfers').innerText(), /已接收/);
    await yiwu.page.goto(`${BASE}/members?org_id=${destination.id}`);
    await yiwu.page.getByText(m.name).first().waitFor();
    await yiwu.done('transfer-accepted');
    yiwu = await open(browser);
    await signIn(yiwu.page, 'yiwu_admin', undefined, '/');
  });

  it('opens the transfer from 编辑会员; the receiving union refuses with a reason the origin reads', async () => {
    const m = members[1];
    await county.page.goto(`${BASE}/members/${m.id}`);
    await county.page.getByRole('button', { name: '编辑' }).click();
    await county.page.getByTestId('member-form-transfer-hint').getByText('更换所属工会请办理会籍转接').waitFor();
    await county.page.getByTestId('member-form-transfer').click();
    const form = county.page.getByTestId('transfer-form');
    await form.getByTestId('org-picker').click();
    await county.page.keyboard.type(destination.name);
    await county.page.getByRole('option', { name: destination.name }).click();
    await county.page.getByTestId('transfer-reason').fill('换到义乌的公司');
    await county.page.getByTestId('transfer-submit').click();
    await county.page.getByTestId('member-transfers').getByText('待接收').waitFor();

    await yiwu.page.goto(`${BASE}/transfers`);
    const row = yiwu.page.getByTestId('transfer-table').locator('tr', { hasText: '换到义乌的公司' });
    await row.getByTestId('transfer-refuse').click();
    // A refusal needs its reason.
    await yiwu.page.getByTestId('transfer-action-submit').click();
    await yiwu.page.getByTestId('transfer-action-error').waitFor();
    await yiwu.page.getByTestId('transfer-action-reason').fill('岗位已满');
    await yiwu.page.getByTestId('transfer-action-submit').click();
    await row.waitFor({ state: 'detached' });

    await county.page.goto(`${BASE}/transfers?direction=out&state=refused`);
    const refused = county.page.getByTestId('transfer-table').locator('tr', { hasText: '换到义乌的公司' });
    await refused.getByText('已退回').waitFor();
    assert.match(await refused.innerText(), /理由：岗位已满/);
    assert.equal(await refused.getByRole('button').count(), 0, 'nothing to do on a decided transfer');
    await county.page.goto(`${BASE}/members/${m.id}`);
    assert.match(await county.page.getByTestId('member-transfers').innerText(), /已退回[\s\S]*岗位已满/);
    await county.done('transfer-refused');
  });

  it('lets a member on a phone ask to move; the receiving union sees the request', async () => {
    const m = members[2];
    const setup = await open(browser);
    await setup.page.goto(`${BASE}/m/login`);
    const activated = await setup.page.evaluate(async (body) => (await fetch('/api/v1/portal/activate', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
    { phone: m.phone_full, id_number: m.id_full, password: 'move-pass-2026' });
    assert.equal(activated, 200);
    await setup.context.close();

    const s = await open(browser, phone);
    const { page } = s;
    await page.goto(`${BASE}/m/login`);
    await page.locator('[data-testid="portal-phone"] input').fill(m.phone_full);
    await page.locator('[data-testid="portal-password"] input').fill('move-pass-2026');
    await page.getByTestId('portal-submit').click();
    await page.waitForURL(/\/m\/card/);
    await page.getByTestId('tab-union').click();
    await page.getByTestId('portal-transfer-link').click();
    await page.getByText('我换工作了，申请转会').first().waitFor();
    await page.getByTestId('portal-transfer-submit').click();
    await page.getByText('请选择新单位的工会').waitFor();
    await page.getByTestId('portal-transfer-union').click();
    await page.keyboard.type(destination.name);
    await page.getByRole('option', { name: destination.name }).click();
    await page.getByTestId('portal-transfer-reason').fill('已到义乌新单位上班');
    await page.getByTestId('portal-transfer-submit').click();
    await page.getByTestId('portal-transfer-state').getByText('等待新工会接收').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await s.done('portal-transfer');

    await yiwu.page.goto(`${BASE}/transfers`);
    await yiwu.page.getByTestId('transfer-table').locator('tr', { hasText: '已到义乌新单位上班' }).getByTestId('transfer-accept').waitFor();
    // And in English.
    await yiwu.page.getByTestId('lang-button').click();
    await yiwu.page.getByTestId('lang-en').click();
    await yiwu.page.getByText('Incoming, to accept').waitFor();
    await yiwu.page.getByTestId('transfer-table').locator('tr', { hasText: '已到义乌新单位上班' }).getByText('Waiting').waitFor();
    await yiwu.page.getByTestId('lang-button').click();
    await yiwu.page.getByTestId('lang-zh').click();
    await yiwu.done('transfer-inbox');
  });
});
