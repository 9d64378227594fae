// The member's hardship aid in the Vant portal, on a phone and on a narrow one (issue 16): a
// member applies with a household member and an income; a bad amount is refused on its field
// (by the page, and by the server with the person named); the application shows as sent to the
// union (待审核, never 草稿); after the union sends it on and the federation returns it (on one
// phone) or approves it (on the other) the page says so in words; nothing is wider than the
// phone in Chinese or in English.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, SMALL_PHONE, api, field, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const newId = (n) => {
  const first17 = `330702${1975 + (n % 20)}0612${String(n % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
};
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

// Chooses `name` in the open bottom picker (Vant's): the option, then 确认/Confirm.
async function choose(page, testId, name) {
  await field(page, testId).click();
  const picker = page.locator('.van-popup:visible .van-picker');
  await picker.locator('.van-picker-column__item', { hasText: name }).click();
  await picker.locator('.van-picker-column__item--selected', { hasText: name }).waitFor();
  await picker.locator('.van-picker__confirm').click();
  await page.waitForFunction(([id, want]) => document.querySelector(`[data-testid="${id}"] input`)?.value === want, [testId, name]);
}

// The words of a field's error (Vant puts them under the input).
const fieldError = (page, testId) => page.locator(`[data-testid="${testId}"] .van-field__error-message`);

describe('portal: hardship aid on a phone', () => {
  let browser, county, clerk, city, union, township;
  const stamp = Date.now() % 1e7;

  before(async () => {
    browser = await launch();
    clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk');
    township = (await api(clerk.page, 'GET', '/api/v1/auth/me')).body;
    county = await open(browser);
    await signIn(county.page, 'wucheng_admin');
    city = await open(browser);
    await signIn(city.page, 'city_admin');
    union = (await api(county.page, 'POST', '/api/v1/orgs', {
      parent_id: township.org_id, kind: 'enterprise_union', name: `门户帮扶${stamp}公司工会`, division_code: '330702' })).body;
    assert.ok(union.id, JSON.stringify(union));
  });
  after(async () => {
    for (const s of [clerk, county, city]) await s?.done(`portal-hardship-console-${s === clerk ? 'clerk' : s === county ? 'county' : 'city'}`);
    await browser.close();
  });

  const cases = [
    { name: 'phone', options: PHONE, n: 1, decision: 'return', zh: '已退回', en: 'Returned' },
    { name: 'small-phone', options: SMALL_PHONE, n: 2, decision: 'approve', zh: '公示中', en: 'Public notice' },
  ];
  for (const c of cases) it(`${c.name}: applies, a bad amount is refused on its field, shows 待审核, then ${c.zh}`, async () => {
    // A member of the union, activated on the phone.
    const phone = `139${String((stamp * 10 + c.n) % 1e8).padStart(8, '0')}`;
    const idNumber = newId(stamp * 10 + c.n);
    const memberName = c.n === 1 ? '郑门户' : '钱门户';
    const created = await api(clerk.page, 'POST', '/api/v1/members', {
      org_id: union.id, name: memberName, id_number: idNumber, phone, category: 'front_line', join_date: '2015-05-01' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const member = await open(browser, c.options);
    const { page } = member;
    await page.goto(BASE + '/m/login');
    await page.getByTestId('portal-mode').click();
    await field(page, 'portal-phone').fill(phone);
    await field(page, 'portal-id-number').fill(idNumber);
    await field(page, 'portal-password').fill('Hardship-portal-25');
    await field(page, 'portal-confirm').fill('Hardship-portal-25');
    await page.getByTestId('portal-submit').click();
    await page.waitForURL(/\/m\/card/);

    // 服务 → 困难帮扶: no archive yet, a button to apply.
    await page.getByTestId('tab-services').click();
    await page.getByTestId('tile-hardship').click();
    await page.getByTestId('portal-hs-none').waitFor();
    const apply = page.getByTestId('portal-hs-apply');
    assert.ok((await apply.boundingBox()).height >= 44, 'the button is a touch target');
    await apply.click();
    await page.getByTestId('portal-hs-form').waitFor();

    // Nothing chosen: the causes say so, and nothing is sent.
    await page.getByTestId('portal-hs-submit').click();
    await page.getByTestId('portal-hs-causes-error').waitFor();
    await page.getByTestId('portal-hs-cause-unemployment').click();
    const cause = await page.getByTestId('portal-hs-cause-unemployment').boundingBox();
    assert.ok(cause.height >= 44, 'a cause is a touch target');

    // The member (filled in from the card) and a spouse; an amount of three decimals is refused
    // on its field, before anything is sent.
    assert.equal(await field(page, 'portal-hs-name-0').inputValue(), memberName);
    await field(page, 'portal-hs-age-0').fill('51');
    await field(page, 'portal-hs-income-0').fill('9600.125');
    await page.getByTestId('portal-hs-add-person').click();
    await field(page, 'portal-hs-name-1').fill('王桂兰');
    await choose(page, 'portal-hs-relation-1', '配偶');
    await field(page, 'portal-hs-age-1').fill('49');
    await choose(page, 'portal-hs-health-1', '慢性病');
    await page.getByTestId('portal-hs-add-income').click();
    await field(page, 'portal-hs-monthly-0').fill('800');
    await page.getByTestId('portal-hs-submit').click();
    assert.match(await fieldError(page, 'portal-hs-income-0').innerText(), /金额/);
    assert.match(await page.getByTestId('portal-hs-error').innerText(), new RegExp(`${memberName}：`));

    // An amount past what the server takes: its refusal lands on the spouse's field, naming her.
    await field(page, 'portal-hs-income-0').fill('9,600');
    await field(page, 'portal-hs-income-1').fill('99999999999');
    member.expectHttpError(400);
    await page.getByTestId('portal-hs-submit').click();
    await fieldError(page, 'portal-hs-income-1').waitFor();
    assert.equal(await fieldError(page, 'portal-hs-income-0').count(), 0);
    assert.match(await page.getByTestId('portal-hs-error').innerText(), /王桂兰：/);
    assert.match(await fieldError(page, 'portal-hs-income-1').innerText(), /亿元/, 'the bounds in yuan, as the member types them');
    assert.equal(await overflow(page), 0, 'the form is not wider than the phone');
    await page.screenshot({ path: new URL(`./screenshots/portal-hardship-apply-${c.name}.png`, import.meta.url).pathname, fullPage: true });

    await field(page, 'portal-hs-income-1').fill('3000.5');
    await page.getByTestId('portal-hs-submit').click();
    await page.waitForURL(/\/m\/hardship$/);

    // Sent: with the union, 待审核 — never 草稿.
    const archive = page.getByTestId('portal-hs-archive');
    await archive.waitFor();
    assert.equal(await archive.getByTestId('portal-hs-state').innerText(), '待审核');
    assert.match(await archive.getByTestId('portal-hs-hint').innerText(), /已提交/);
    assert.equal(await page.getByTestId('portal-hs-apply').count(), 0, 'one open archive at a time');
    assert.equal(await overflow(page), 0, 'nothing wider than the phone (zh)');
    await page.getByTestId('lang-button').click();
    await page.getByText('My hardship archive').waitFor();
    assert.equal(await archive.getByTestId('portal-hs-state').innerText(), 'Awaiting review');
    assert.equal(await overflow(page), 0, 'nothing wider than the phone (en)');
    await page.getByTestId('lang-button').click();
    await page.getByText('我的困难档案').waitFor();

    // The application as the union sees it: the member's, from the portal.
    const mine = (await api(clerk.page, 'GET', `/api/v1/hardship/archives?org_id=${union.id}&name=${encodeURIComponent(memberName)}`)).body.items;
    assert.equal(mine.length, 1, JSON.stringify(mine));
    const seen = (await api(clerk.page, 'GET', `/api/v1/hardship/archives/${mine[0].id}`)).body;
    assert.equal(seen.source, 'portal');
    assert.deepEqual(seen.household.map((p) => [p.name, p.relation, p.annual_income_fen]), [[memberName, 'self', 960000], ['王桂兰', 'spouse', 300050]]);
    assert.deepEqual(seen.income_sources.map((s) => s.monthly_fen), [80000]);

    // The union sends it on; the member sees the county at work; then the decision.
    const sent = await api(clerk.page, 'POST', `/api/v1/hardship/archives/${seen.id}/submit`, {});
    assert.equal(sent.body.state, 'submitted', JSON.stringify(sent.body));
    await page.reload();
    assert.equal(await archive.getByTestId('portal-hs-state').innerText(), '县级审核中');
    const app = sent.body.application_id;
    if (c.decision === 'return') {
      const back = await api(county.page, 'POST', `/api/v1/applications/${app}/return`, { reason: '请补充失业证明' });
      assert.equal(back.status, 200, JSON.stringify(back.body));
    } else {
      const reviewed = await api(county.page, 'POST', `/api/v1/applications/${app}/approve`, {});
      assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
      if (reviewed.body.state !== 'approved') {
        await page.reload();
        assert.equal(await archive.getByTestId('portal-hs-state').innerText(), '市级审批中');
        const approved = await api(city.page, 'POST', `/api/v1/applications/${app}/approve`, {});
        assert.equal(approved.body.state, 'approved', JSON.stringify(approved.body));
      }
    }
    await page.reload();
    await archive.waitFor();
    assert.equal(await archive.getByTestId('portal-hs-state').innerText(), c.zh);
    if (c.decision === 'approve') {
      await archive.getByTestId('portal-hs-level').waitFor();
      await page.getByTestId('portal-hs-notice').first().waitFor();
    }
    assert.equal(await overflow(page), 0, 'nothing wider than the phone (zh)');
    await page.screenshot({ path: new URL(`./screenshots/portal-hardship-${c.name}.png`, import.meta.url).pathname, fullPage: true });
    await page.getByTestId('lang-button').click();
    await page.getByText('My hardship archive').waitFor();
    assert.equal(await archive.getByTestId('portal-hs-state').innerText(), c.en);
    assert.equal(await overflow(page), 0, 'nothing wider than the phone (en)');
    await member.done(`portal-hardship-${c.name}-en`);
  });
});
