// Finding people on the members page (issue 15, item 4): one search box for any part of a name,
// a full ID number or a phone; the total under the filter and page numbers with a jump.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (first17) => '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
// A resident ID the demo never issues (its birth years are 1962–2005).
function freshId() {
  const first17 = `3307021955${String(1 + Math.floor(Math.random() * 9)).padStart(2, '0')}1${Math.floor(Math.random() * 9)}${digits(3)}`;
  return first17 + checkChar(first17);
}
const RARE = '璟琰珂瑾翊韬骁彧';

describe('members: finding people', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('finds a member by a middle part of the name, by ID number and by phone, with the total and page numbers', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'wucheng_admin', undefined, '/members');
    const table = page.getByTestId('member-table');
    await table.locator('tbody tr').first().waitFor();

    // Page numbers over the county's list, and a jump to page 3.
    const all = (await api(page, 'GET', '/api/v1/members?limit=20')).body;
    assert.ok(all.total > 60, `the county has over three pages (${all.total})`);
    const totalText = all.total_capped ? `共 ${all.total}+ 条` : `共 ${all.total} 条`;
    await page.getByTestId('member-total').getByText(totalText).waitFor();
    const pager = page.getByTestId('member-pages');
    await pager.locator('.el-pager li', { hasText: /^2$/ }).waitFor();
    const firstPage = await table.locator('tbody tr td:first-child').allInnerTexts();
    const jump = pager.locator('.el-pagination__jump input');
    await jump.fill('3');
    await jump.press('Enter');
    await pager.locator('.el-pager li.is-active', { hasText: /^3$/ }).waitFor();
    const third = (await api(page, 'GET', '/api/v1/members?limit=20&page=3')).body.items.map((m) => m.name);
    await table.locator('tbody tr').first().getByText(third[0], { exact: true }).waitFor();
    assert.notDeepEqual(await table.locator('tbody tr td:first-child').allInnerTexts(), firstPage);

    // A member to find.
    const union = (await api(page, 'GET', '/api/v1/members?limit=1')).body.items[0].org_id;
    const pick = () => RARE[Math.floor(Math.random() * RARE.length)];
    const name = `司徒${pick()}${pick()}${pick()}`;
    const id = freshId();
    const phone = `139${digits(8)}`;
    const made = await api(page, 'POST', '/api/v1/members', {
      org_id: union, name, id_number: id, phone, employer: '查找测试公司', category: 'front_line', join_date: '2020-05-01',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));

    const box = page.getByTestId('member-filter-q');
    const search = async (q) => {
      await box.fill(q);
      await page.getByTestId('member-search').click();
    };
    // A middle part of the name, typed with a space.
    const middle = name.slice(1, 3);
    await search(` ${middle[0]} ${middle[1]}`);
    await table.locator('tbody tr', { hasText: name }).waitFor();
    const byMiddle = (await api(page, 'GET', `/api/v1/members?q=${encodeURIComponent(middle)}`)).body;
    await page.getByTestId('member-total').getByText(`共 ${byMiddle.total} 条`).waitFor();
    assert.ok(page.url().includes('q='), 'the search is in the URL');
    await page.screenshot({ path: new URL('./screenshots/search-name.png', import.meta.url).pathname });

    // The full ID number: exactly this member.
    await search(id);
    await page.getByTestId('member-total').getByText('共 1 条').waitFor();
    await table.locator('tbody tr', { hasText: name }).waitFor();
    assert.equal(await table.locator('tbody tr').count(), 1);
    // A part of it finds nobody.
    await search(id.slice(0, 10));
    await page.getByTestId('member-total').getByText('共 0 条').waitFor();

    // The phone, as a clerk reads it out with spaces.
    await search(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
    await page.getByTestId('member-total').getByText('共 1 条').waitFor();
    await table.locator('tbody tr', { hasText: name }).waitFor();
    assert.equal(await table.locator('tbody tr').count(), 1);
    await s.done('search-phone');
  });
});
