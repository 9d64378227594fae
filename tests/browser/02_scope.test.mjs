import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, open, signIn } from './lib.mjs';

// What the city sees of another county, to try from Yiwu's seat.
async function wuchengRecords(browser) {
  const s = await open(browser);
  await signIn(s.page, 'wucheng_admin');
  const me = (await api(s.page, 'GET', '/api/v1/auth/me')).body;
  const members = (await api(s.page, 'GET', '/api/v1/members?limit=1')).body.items;
  await s.context.close();
  return { orgId: me.org_id, orgName: me.org_name, memberId: members[0].id };
}

describe('a county admin sees their county only, by every path', () => {
  let browser, wucheng;
  before(async () => {
    browser = await launch();
    wucheng = await wuchengRecords(browser);
  });
  after(async () => { await browser.close(); });

  it('in the tree, its search, the dashboard and the member list', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'yiwu_admin');
    await page.getByTestId('dashboard-scope').getByText('义乌市总工会').waitFor();

    await page.goto(BASE + '/members');
    const tree = page.getByTestId('org-tree');
    await tree.locator('.el-tree-node').first().waitFor();
    const top = await tree.locator('.el-tree > .el-tree-node > .el-tree-node__content').allInnerTexts();
    assert.equal(top.length, 1);
    assert.match(top[0], /义乌市总工会/);
    await tree.locator('.el-tree-node__children .el-tree-node').first().waitFor();
    const children = await tree.locator('.el-tree-node__children .node .name').allInnerTexts();
    assert.ok(children.length > 0 && children.every((n) => n.startsWith('义乌')), children.join(','));

    await page.getByTestId('org-tree-search').fill('婺城');
    await page.getByTestId('org-tree-results').getByText('暂无数据').waitFor();
    await page.getByTestId('org-tree-search').fill('');

    await page.getByTestId('member-table').locator('tbody tr').first().waitFor();
    const shown = (await api(page, 'GET', '/api/v1/members?limit=20')).body.items;
    const inYiwu = await Promise.all(shown.map(async (m) => (await api(page, 'GET', `/api/v1/orgs/${m.org_id}`)).status));
    assert.ok(inYiwu.every((status) => status === 200));
    await page.screenshot({ path: new URL('./screenshots/county-members.png', import.meta.url).pathname });
    await s.done('county-tree-and-list');
  });

  it('by typing the address of another county\'s records', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'yiwu_admin');
    s.expectHttpError(404);
    await page.goto(`${BASE}/members/${wucheng.memberId}`);
    await page.getByTestId('not-found').getByText('记录不存在，或不在您的管辖范围内').waitFor();
    await page.goto(`${BASE}/orgs?id=${wucheng.orgId}`);
    await page.getByTestId('not-found').waitFor();
    assert.equal(await page.getByText(wucheng.orgName).count(), 0);
    await page.goto(`${BASE}/members?org_id=${wucheng.orgId}`);
    await page.getByTestId('not-found').waitFor();
    await page.goto(`${BASE}/?org_id=${wucheng.orgId}`);
    await page.waitForTimeout(500);
    assert.equal(await page.getByText(wucheng.orgName).count(), 0);
    await page.screenshot({ path: new URL('./screenshots/county-out-of-scope.png', import.meta.url).pathname });
    await s.done('county-typed-urls');
  });
});
