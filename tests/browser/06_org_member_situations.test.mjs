import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const newId = (n) => {
  const first17 = `33070219880101${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
};
// GB 32100: the check character of a unified social credit code.
const CODE = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const creditCheck = (f) => CODE[(31 - ([...f].reduce((a, c, i) => a + CODE.indexOf(c) * CODE_WEIGHTS[i], 0) % 31)) % 31];

describe('enterprises, committees, and where membership goes when work stops', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('registers an enterprise, told at once when the check character is wrong', async () => {
    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin', undefined, '/enterprises');
    const before = Number(await county.page.getByTestId('coverage-total').innerText());
    const first17 = `91330702MA${String(Date.now() % 1e7).padStart(7, '0')}`;
    const right = creditCheck(first17);
    const wrong = CODE[(CODE.indexOf(right) + 1) % 31];
    await county.page.getByTestId('enterprise-add').click();
    await county.page.getByTestId('enterprise-code').fill(first17 + wrong);
    assert.match(await county.page.getByTestId('enterprise-code-hint').innerText(), new RegExp(right));
    await county.page.getByTestId('enterprise-code').fill(first17 + right);
    await county.page.getByTestId('enterprise-code-hint').waitFor({ state: 'detached' });
    const name = `浏览器登记${Date.now() % 100000}有限公司`;
    await county.page.getByTestId('enterprise-name').fill(name);
    await county.page.getByTestId('enterprise-division').fill('330702');
    await county.page.getByTestId('enterprise-save').click();
    await county.page.getByTestId('enterprise-table').getByText(name).waitFor();
    assert.equal(Number(await county.page.getByTestId('coverage-total').innerText()), before + 1);

    await county.page.goto(BASE + '/committees');
    await county.page.getByTestId('committee-table').waitFor();
    // Paged like every list: the pager under the table, on its first page.
    await county.page.getByTestId('pager').waitFor();
    assert.equal(await county.page.getByTestId('pager-prev').isDisabled(), true);
    await county.done('enterprise-and-committees');
  });

  it('records a retirement; closes a union; its member is held by the union above', async () => {
    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin', undefined, '/');
    const me = (await api(county.page, 'GET', '/api/v1/auth/me')).body;
    const township = (await api(county.page, 'GET', `/api/v1/orgs?parent_id=${me.org_id}`)).body.items.find((o) => o.kind === 'township_federation');
    const union = (await api(county.page, 'POST', '/api/v1/orgs', {
      parent_id: township.id, kind: 'enterprise_union', name: `浏览器关闭${Date.now() % 100000}公司工会`, division_code: '330702' })).body;
    assert.ok(union.id, JSON.stringify(union));
    const member = (await api(county.page, 'POST', '/api/v1/members', {
      org_id: union.id, name: '退休老张', id_number: newId(Date.now()), phone: '13900002222', category: 'front_line', join_date: '2010-07-01' })).body;
    assert.ok(member.id, JSON.stringify(member));

    await county.page.goto(`${BASE}/members/${member.id}`);
    await county.page.getByTestId('change-employment').click();
    await county.page.getByTestId('change-value').click();
    await county.page.getByRole('option', { name: '退休' }).click();
    await county.page.getByTestId('change-reason').fill('到龄退休');
    await county.page.getByTestId('change-submit').click();
    await county.page.getByTestId('member-employment').getByText('退休').waitFor();

    await county.page.goto(`${BASE}/orgs?id=${union.id}`);
    await county.page.getByTestId('org-close').click();
    await county.page.getByPlaceholder('原因，如：企业注销').fill('企业注销');
    await county.page.getByRole('button', { name: '确定' }).or(county.page.getByRole('button', { name: 'OK' })).first().click();
    await county.page.getByTestId('org-closed').getByText('企业注销').waitFor();
    assert.equal(await county.page.getByTestId('org-close').count(), 0, 'closed once');

    await county.page.goto(`${BASE}/members/${member.id}`);
    assert.match(await county.page.getByTestId('member-held').innerText(), new RegExp(union.name));
    assert.equal(await county.page.getByTestId('member-employment').innerText(), '退休', 'still retired');
    await county.done('union-closed');
  });
});
