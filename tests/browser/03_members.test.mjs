import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readSheet } from 'read-excel-file/node';
import { BASE, api, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (first17) => '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];

// A resident ID the demo never issues (its birth years are 1962–2005).
function freshId() {
  const first17 = `330702195${Date.now() % 10}0${1 + (Date.now() % 9)}1${Date.now() % 10}${String(Date.now() % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

describe('members: registering, revealing, exporting', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('shows a wrong check digit on the field as it is typed, then registers the right one', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'township_clerk', undefined, '/members');
    await page.getByTestId('member-table').waitFor();
    await page.getByTestId('member-add').click();
    const id = freshId();
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    await page.getByTestId('member-form-name').fill('浏览器测试');
    await page.getByTestId('member-form-id-number').fill(id.slice(0, 17));
    await page.getByTestId('member-form-id-help').getByText(`第 18 位校验码应为 ${id[17]}`).waitFor();
    await page.getByTestId('member-form-id-number').fill(wrong);
    const fieldError = page.getByTestId('member-form-id-item').locator('.el-form-item__error');
    await fieldError.getByText(`校验码错误，应为 ${id[17]}`).waitFor();
    await page.screenshot({ path: new URL('./screenshots/member-check-digit.png', import.meta.url).pathname });
    await page.getByTestId('member-form-submit').click();
    assert.equal(await page.getByTestId('member-form').count(), 1, 'the form stays open');

    await page.getByTestId('member-form-id-number').fill(id);
    await page.getByTestId('member-form-id-help').waitFor();
    await fieldError.waitFor({ state: 'detached' });
    await page.getByTestId('member-form-phone').fill('13900001111');
    await page.getByTestId('member-form-submit').click();
    await page.waitForURL(/\/members\/\d+$/);
    await page.getByTestId('member-name').getByText('浏览器测试').waitFor();
    assert.match(await page.getByTestId('member-id-number').innerText(), /^330\*+\w{4}$/);

    // The same person again: the server's refusal shows on the field.
    await page.goto(BASE + '/members');
    await page.getByTestId('member-add').click();
    await page.getByTestId('member-form-name').fill('浏览器测试');
    await page.getByTestId('member-form-id-number').fill(id);
    s.expectHttpError(409);
    await page.getByTestId('member-form-submit').click();
    await fieldError.getByText(/此人已是/).waitFor();
    await s.done('member-create');
  });

  it('reveals an ID number only with a reason, and the audit log shows it', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'wucheng_admin', undefined, '/members');
    await page.getByTestId('member-table').locator('tbody tr a').first().click();
    await page.waitForURL(/\/members\/\d+$/);
    const memberId = page.url().split('/').pop();
    await page.getByTestId('reveal-id-number').click();
    await page.getByTestId('reveal-submit').click();
    await page.getByText('必填').waitFor();
    const reason = `核对身份 ${Date.now()}`;
    await page.getByTestId('reveal-reason').fill(reason);
    await page.getByTestId('reveal-submit').click();
    const value = await page.getByTestId('revealed-value').innerText();
    assert.match(value, /^\d{17}[\dX]$/);
    const clear = (await api(page, 'POST', `/api/v1/members/${memberId}/reveal`, { field: 'id_number', reason: 'test check' })).body.value;
    assert.equal(value, clear);
    await page.keyboard.press('Escape');
    await page.getByTestId('member-history').getByText(reason).waitFor();

    await page.goto(BASE + '/audit');
    await page.getByTestId('audit-entity-id').fill(memberId);
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-table').getByText(reason).waitFor();
    const row = page.getByTestId('audit-table').locator('tr', { hasText: reason });
    assert.match(await row.innerText(), /查看完整信息/);
    assert.match(await row.innerText(), /wucheng_admin/);
    // Who acted: another user's name hides the row; the acting user's shows it again.
    await page.getByTestId('audit-username').fill('city_admin');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-table').getByText(reason).waitFor({ state: 'detached' });
    await page.getByTestId('audit-username').fill('wucheng_admin');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-table').getByText(reason).waitFor();
    await page.screenshot({ path: new URL('./screenshots/audit-reveal.png', import.meta.url).pathname });
    await s.done('member-reveal');
  });

  it('exports exactly the rows the list shows to a valid .xlsx', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'wucheng_admin');
    // A union and a category whose active members fit on one page, found through the API.
    let pick = null;
    const queue = [(await api(page, 'GET', '/api/v1/auth/me')).body.org_id];
    while (!pick && queue.length) {
      for (const o of (await api(page, 'GET', `/api/v1/orgs?parent_id=${queue.shift()}`)).body.items) {
        if (o.has_children) {
          queue.push(o.id);
          continue;
        }
        const stats = (await api(page, 'GET', `/api/v1/orgs/${o.id}/stats`)).body;
        const c = stats.by_category.find((x) => x.subtree >= 2 && x.subtree <= 20);
        if (c && !pick) pick = { union: o, category: c.category, count: c.subtree };
      }
    }
    assert.ok(pick, 'a small union');
    const { union } = pick;
    await page.goto(`${BASE}/members?org_id=${union.id}&category=${pick.category}&status=active`);
    await page.getByTestId('member-table').locator('tbody tr').first().waitFor();
    assert.equal(await page.getByTestId('member-table').locator('tbody tr').count(), pick.count);
    assert.equal(await page.getByTestId('member-pages').locator('.btn-next').isDisabled(), true, 'the list fits one page');
    const shown = await page.getByTestId('member-table').locator('tbody tr td.col-name').allInnerTexts();
    const ids = await page.getByTestId('member-table').locator('tbody tr td.col-id').allInnerTexts();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-button').click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^会员_\d{8}\.xlsx$/);
    const rows = await readSheet(await readFile(await file.path()));
    assert.equal(rows[0][1], '姓名');
    assert.deepEqual(rows.slice(1).map((r) => r[1]), shown.map((n) => n.trim()));
    assert.deepEqual(rows.slice(1).map((r) => r[3]), ids.map((n) => n.trim()));
    assert.ok(rows.slice(1).every((r) => r[5] === union.name && r[9] === '正常'));
    await s.done('member-export');
  });
});
