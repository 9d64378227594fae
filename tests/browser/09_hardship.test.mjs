import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PORTAL_PASSWORD, PORTAL_PHONE, api, launch, open, signIn } from './lib.mjs';

const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const newId = (n, born = '19820315') => {
  const first17 = `330702${born}${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
};

// China's date and year now, as the server keeps them.
const chinaDay = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

// Chooses option `name` of the Element Plus select whose test id is `testId`.
async function choose(page, testId, name) {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown:visible').getByRole('option', { name, exact: true }).click();
  await closed(page);
}
// Waits until no select's list is open (a closing one would still match).
const closed = (page) => page.waitForFunction(() => ![...document.querySelectorAll('.el-select-dropdown')].some((e) => e.getClientRects().length > 0));

describe('hardship aid: an archive filed with its computed level, reviewed by the county and approved by the city; a campaign; the portal', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('a township clerk files an archive and sees the level with its arithmetic; the county reviews, the city approves', async () => {
    const stamp = Date.now() % 1e8;
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk');
    const township = (await api(clerk.page, 'GET', '/api/v1/auth/me')).body;
    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin');

    // A union in the township with the worker; the county's standard of the year.
    const unionName = `浏览器帮扶${stamp}公司工会`;
    const union = (await api(county.page, 'POST', '/api/v1/orgs', {
      parent_id: township.org_id, kind: 'enterprise_union', name: unionName, division_code: '330702' })).body;
    assert.ok(union.id, JSON.stringify(union));
    const worker = (await api(clerk.page, 'POST', '/api/v1/members', {
      org_id: union.id, name: '郑困难', id_number: newId(stamp), category: 'front_line', join_date: '2012-05-01' })).body;
    assert.ok(worker.id, JSON.stringify(worker));
    const year = Number(chinaDay().slice(0, 4));
    const standards = (await api(county.page, 'GET', `/api/v1/hardship/standards?division_code=330702&year=${year}`)).body.items;
    assert.equal(standards.length, 1, JSON.stringify(standards));
    const standard = (standards[0].monthly_fen / 100).toFixed(2);

    // The clerk files it from the menu: the worker found by name, two causes, a household of
    // three (the worker filled in from the member), the costs the household paid itself.
    await clerk.page.getByTestId('menu-hardship-menu').click();
    await clerk.page.getByTestId('menu-hardship-archives').click();
    await clerk.page.waitForURL(/\/hardship\/archives$/);
    await clerk.page.getByTestId('hs-add').click();
    await clerk.page.waitForURL(/\/hardship\/archives\/new$/);
    await clerk.page.getByTestId('hs-member').click();
    await clerk.page.keyboard.type('郑困难');
    await clerk.page.locator('.el-select-dropdown:visible').getByRole('option').filter({ hasText: unionName }).click();
    await closed(clerk.page);
    assert.equal(await clerk.page.getByTestId('hs-person-name-0').inputValue(), '郑困难', 'the worker is the household\'s "self"');
    await clerk.page.getByTestId('hs-cause-illness').click();
    await clerk.page.getByTestId('hs-cause-schooling').click();
    await clerk.page.getByTestId('hs-person-age-0').fill('44');
    await choose(clerk.page, 'hs-person-health-0', '大病');
    await clerk.page.getByTestId('hs-person-income-0').fill('12000');
    await clerk.page.getByTestId('hs-add-person').click();
    await clerk.page.getByTestId('hs-person-name-1').fill('李秀英');
    await choose(clerk.page, 'hs-person-relation-1', '配偶');
    await clerk.page.getByTestId('hs-person-age-1').fill('42');
    await clerk.page.getByTestId('hs-person-income-1').fill('6000.5');
    await clerk.page.getByTestId('hs-add-person').click();
    await clerk.page.getByTestId('hs-person-name-2').fill('郑浩然');
    await choose(clerk.page, 'hs-person-relation-2', '子女');
    await clerk.page.getByTestId('hs-person-age-2').fill('19');
    await choose(clerk.page, 'hs-person-schooling-2', '大学');
    assert.match(await clerk.page.getByTestId('hs-sum-income').innerText(), /¥18,000\.50/);
    await clerk.page.getByTestId('hs-medical').fill('4000');
    await clerk.page.getByTestId('hs-school').fill('2000.50');
    await clerk.page.screenshot({ path: shot('hardship-form'), fullPage: true });
    await clerk.page.getByTestId('hs-save').click();

    // The level the server computed, with its arithmetic: (18000.50 − 6000.50) ÷ 12 ÷ 3 = 333.33.
    await clerk.page.getByTestId('hs-result').waitFor();
    await clerk.page.waitForURL(/\/hardship\/archives\/\d+\/edit\?saved=1$/);
    const archiveId = Number(new URL(clerk.page.url()).pathname.split('/').at(-2));
    assert.equal(await clerk.page.getByTestId('hs-level').innerText(), '深度困难');
    assert.equal(await clerk.page.getByTestId('hs-arithmetic').innerText(),
      `(18000.50 − 6000.50) ÷ 12 ÷ 3 = 333.33 ≤ 低保标准 ${standard} → 深度困难`);
    assert.equal(await clerk.page.getByTestId('hs-per-head').innerText(), '¥333.33');
    await clerk.page.screenshot({ path: shot('hardship-level'), fullPage: true });

    // Submitted from there; deep hardship is a city archive: the county reviews, then the city.
    await clerk.page.getByTestId('hs-submit').click();
    await clerk.page.waitForURL(new RegExp(`/hardship/archives/${archiveId}$`));
    await clerk.page.getByTestId('hs-state').getByText('待县级审核').waitFor();
    assert.match(await clerk.page.getByTestId('hs-waiting').innerText(), /等待「.+」审核/);
    assert.equal(await clerk.page.getByTestId('hs-approve').count(), 0, 'the filer does not decide');
    await clerk.page.screenshot({ path: shot('hardship-submitted'), fullPage: true });
    await clerk.done('hardship-clerk');

    // The county finds it in its list of archives waiting (filters in the URL) and reviews it.
    await county.page.goto(`${BASE}/hardship/archives?state=submitted&name=${encodeURIComponent('郑困难')}`);
    assert.equal(await county.page.getByTestId('hs-filter-name').inputValue(), '郑困难');
    const row = county.page.getByTestId('hs-table').locator('tbody tr').filter({ hasText: unionName });
    await row.waitFor();
    assert.match(await row.innerText(), /深度困难/);
    await county.page.screenshot({ path: shot('hardship-list'), fullPage: true });
    await row.getByText('郑困难').click();
    await county.page.waitForURL(new RegExp(`/hardship/archives/${archiveId}$`));
    assert.equal(await county.page.getByTestId('hs-approve').innerText(), '县级审核通过');
    await county.page.getByTestId('hs-approve').click();
    await county.page.getByTestId('hs-decide-reason').fill('入户核实，情况属实');
    await county.page.getByTestId('hs-decide-submit').click();
    await county.page.getByTestId('hs-state').getByText('待市级审批').waitFor();
    assert.equal(await county.page.getByTestId('hs-approve').count(), 0, 'the county does not decide twice');
    await county.page.getByTestId('hs-history').getByText('入户核实，情况属实').waitFor();
    await county.done('hardship-county');

    // The city approves; the archive goes on public notice.
    const city = await open(browser);
    await signIn(city.page, 'city_admin', undefined, `/hardship/archives/${archiveId}`);
    assert.equal(await city.page.getByTestId('hs-approve').innerText(), '市级审批通过');
    await city.page.getByTestId('hs-approve').click();
    await city.page.getByTestId('hs-decide-submit').click();
    await city.page.getByTestId('hs-state').getByText('公示中').waitFor();
    assert.match(await city.page.getByTestId('hs-approval').innerText(), /公示 \d{4}-\d\d-\d\d 至 \d{4}-\d\d-\d\d/);
    await city.page.screenshot({ path: shot('hardship-approved'), fullPage: true });

    // The overview: charts by level and cause, the counties and which is slow.
    await city.page.getByTestId('menu-hardship-menu').click();
    await city.page.getByTestId('menu-hardship').click();
    await city.page.getByTestId('hs-counties').locator('tbody tr').first().waitFor();
    assert.match(await city.page.getByTestId('hs-counties').innerText(), /婺城区/);
    await city.page.waitForTimeout(1200); // the charts grow in
    await city.page.screenshot({ path: shot('hardship-overview'), fullPage: true });
    await city.page.getByTestId('hs-card-overdue').click();
    await city.page.waitForURL(/\/hardship\/archives\?.*review_overdue=1/);
    assert.match(await city.page.getByTestId('hs-filter-overdue').getAttribute('class'), /is-checked/);
    await city.done('hardship-city');
  });

  it('a county runs a campaign: the list drawn from the active archives, a line removed, checked within the budget, paid once', async () => {
    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin');
    const name = `浏览器送温暖${Date.now() % 1e8}`;

    // A spring-warmth campaign of the county, deliberately short of budget: 1 000 yuan.
    await county.page.getByTestId('menu-hardship-menu').click();
    await county.page.getByTestId('menu-hardship-campaigns').click();
    await county.page.getByTestId('campaign-add').click();
    await county.page.getByTestId('campaign-kind-spring_warmth').click();
    await county.page.getByTestId('campaign-name').fill(name);
    await county.page.getByTestId('campaign-budget').fill('1000');
    await county.page.getByTestId('campaign-std-deep').fill('1000');
    await county.page.getByTestId('campaign-std-relative').fill('600');
    await county.page.getByTestId('campaign-std-accidental').fill('800');
    await county.page.screenshot({ path: shot('hardship-campaign-new') });
    await county.page.getByTestId('campaign-create').click();
    await county.page.waitForURL(/\/hardship\/campaigns\/\d+$/);
    const campaignId = Number(new URL(county.page.url()).pathname.split('/').at(-1));
    assert.equal(await county.page.getByTestId('campaign-title').innerText(), name);
    assert.equal(await county.page.getByTestId('campaign-state').innerText(), '草稿');

    // The list is drawn from the county's active archives, one line a member at its level's amount.
    await county.page.getByTestId('campaign-draw').click();
    await county.page.getByTestId('campaign-state').getByText('已生成名单').waitFor();
    const targets = county.page.getByTestId('campaign-targets').locator('tbody tr');
    await targets.first().waitFor();
    let campaign = (await api(county.page, 'GET', `/api/v1/hardship/campaigns/${campaignId}`)).body;
    assert.ok(campaign.progress.included >= 2, JSON.stringify(campaign.progress));
    assert.ok(campaign.progress.planned_fen > campaign.budget_fen, 'the list is over the budget');
    await county.page.getByTestId('campaign-over').waitFor();
    assert.match(await targets.first().innerText(), /¥(1,000|600|800)\.00/);

    // Checking a list over the budget is refused, and the page says why.
    county.expectHttpError(409);
    await county.page.getByTestId('campaign-check').click();
    await county.page.locator('.el-message--error').filter({ hasText: /预算/ }).waitFor();
    assert.equal(await county.page.getByTestId('campaign-state').innerText(), '已生成名单');

    // A line removed with its reason; the budget raised to the list's total.
    const first = (await api(county.page, 'GET', `/api/v1/hardship/campaigns/${campaignId}/targets?limit=1`)).body.items[0];
    await county.page.getByTestId(`target-remove-${first.member_id}`).click();
    await county.page.getByTestId('line-reason').fill('本月已享受临时救助');
    await county.page.getByTestId('line-save').click();
    await county.page.getByTestId(`target-restore-${first.member_id}`).waitFor();
    campaign = (await api(county.page, 'GET', `/api/v1/hardship/campaigns/${campaignId}`)).body;
    assert.equal(campaign.progress.removed, 1);
    const planned = campaign.progress.planned_fen;
    await county.page.getByTestId('campaign-edit').click();
    await county.page.getByTestId('campaign-edit-budget').fill(String(planned / 100));
    await county.page.getByTestId('campaign-edit-save').click();
    await county.page.getByTestId('campaign-over').waitFor({ state: 'detached' });
    assert.equal(await county.page.getByTestId('campaign-budget-view').innerText(), await county.page.getByTestId('campaign-planned').innerText());
    await county.page.screenshot({ path: shot('hardship-campaign-drawn'), fullPage: true });

    // Checked, then paid to the cards: one payout item a line, the campaign closed.
    await county.page.getByTestId('campaign-check').click();
    await county.page.getByTestId('campaign-state').getByText('名单已审核').waitFor();
    await county.page.getByTestId('campaign-pay').click();
    await county.page.getByTestId('campaign-state').getByText('已完成').waitFor();
    const paid = await county.page.locator('.el-message--success').filter({ hasText: '已提交发放' }).first().innerText();
    assert.match(paid, new RegExp(`新增 ${campaign.progress.included} 笔`));
    assert.equal(await county.page.getByTestId('campaign-pay').count(), 0, 'nothing more to pay');
    campaign = (await api(county.page, 'GET', `/api/v1/hardship/campaigns/${campaignId}`)).body;
    assert.equal(campaign.progress.requested_fen, planned);
    assert.match(await county.page.getByTestId('campaign-percent').innerText(), /^\d+%$/);

    // Paying again asks nothing new.
    const again = await api(county.page, 'POST', `/api/v1/hardship/campaigns/${campaignId}/pay`);
    assert.ok(again.status === 409 || (again.status === 200 && again.body.requested === 0), JSON.stringify(again));
    await county.page.waitForTimeout(800);
    await county.page.screenshot({ path: shot('hardship-campaign-paid'), fullPage: true });

    // The list of campaigns shows it closed, its progress against the budget.
    await county.page.getByTestId('menu-hardship-campaigns').click();
    const row = county.page.getByTestId('campaign-table').locator('tbody tr').filter({ hasText: name });
    await row.waitFor();
    assert.match(await row.innerText(), /已完成/);

    // The report says it in the seeds' words, with charts, and as .xlsx.
    await county.page.getByTestId('menu-hardship-reports').click();
    assert.match(await county.page.getByTestId('report-text').innerText(), /送温暖发放[\d.]+(万)?元，慰问\d+人次/);
    await county.page.waitForTimeout(1200); // the bars grow in
    await county.page.screenshot({ path: shot('hardship-report'), fullPage: true });
    const download = county.page.waitForEvent('download');
    await county.page.getByTestId('export-button').click();
    assert.match((await download).suggestedFilename(), /\.xlsx$/);
    await county.done('hardship-campaign');
  });

  it('the member applies from the portal on a phone, sees the state and the notices of the union', async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    const member = await open(browser, phone);
    await member.page.goto(BASE + '/m/login');
    await member.page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await member.page.locator('[data-testid="portal-password"] input').fill(PORTAL_PASSWORD);
    await member.page.getByTestId('portal-submit').click();
    await member.page.waitForURL(/\/m\/card/);
    await member.page.getByTestId('tab-hardship').click();
    await member.page.getByTestId('portal-hardship').waitFor();

    // A member without an open archive applies; the application is a draft at the union.
    if (await member.page.getByTestId('portal-hs-apply').count()) {
      await member.page.getByTestId('portal-hs-apply').click();
      await member.page.getByTestId('portal-hs-form').waitFor();
      await member.page.getByTestId('portal-hs-cause-unemployment').click();
      await member.page.getByTestId('portal-hs-age-0').fill('51');
      await member.page.getByTestId('portal-hs-income-0').fill('9600');
      await member.page.getByTestId('portal-hs-add-person').click();
      await member.page.getByTestId('portal-hs-name-1').fill('王桂兰');
      await choose(member.page, 'portal-hs-relation-1', '配偶');
      await member.page.getByTestId('portal-hs-age-1').fill('49');
      await choose(member.page, 'portal-hs-health-1', '慢性病');
      await member.page.getByTestId('portal-hs-medical').fill('3000');
      const overflow = await member.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.equal(overflow, 0, 'the form is not wider than the phone');
      await member.page.screenshot({ path: shot('hardship-portal-apply'), fullPage: true });
      await member.page.getByTestId('portal-hs-submit').click();
      await member.page.waitForURL(/\/m\/hardship$/);
    }
    const archive = member.page.getByTestId('portal-hs-archive').first();
    await archive.waitFor();
    assert.ok(await archive.getByTestId('portal-hs-state').innerText());
    assert.ok(await archive.getByTestId('portal-hs-hint').innerText());
    assert.equal(await member.page.getByTestId('portal-hs-apply').count(), 0, 'one open archive at a time');
    const overflow = await member.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await member.page.screenshot({ path: shot('hardship-portal'), fullPage: true });
    await member.page.getByTestId('lang-button').click();
    await member.page.getByTestId('lang-en').click();
    await member.page.getByText('My hardship archive').waitFor();
    await member.done('hardship-portal-english');
  });
});
