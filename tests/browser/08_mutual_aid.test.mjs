import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, PORTAL_PASSWORD, PORTAL_PHONE, api, launch, open, signIn } from './lib.mjs';

const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const shot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'nj-aid-browser-'));
const write = (name, text) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
// A valid resident ID of Wucheng born in the 1970s or 80s, unlikely to be taken.
function newId() {
  const birth = `19${70 + randomInt(20)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}`;
  const first17 = `330702${birth}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

// The plan runs over last year: every date of the test is in the past, whenever it runs, and the
// waiting period of a first enrolment (90 days from 1 January) is long over by the summer.
const year = new Date().getFullYear() - 1;
const stamp = `${process.pid % 1000}${Date.now() % 100000}`;
const CODE = `BT-${stamp}`;
function plan(over = {}) {
  return {
    code: CODE, name: `浏览器测试互助方案 ${stamp}`, start: `${year}-01-01`, end: `${year}-12-31`, contribution_fen: 5000,
    waiting_days: 90, overall_cap_fen: 6000000,
    benefits: [
      { visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000,
        tiers: [{ up_to_fen: 1000000, percent: 50 }, { up_to_fen: 5000000, percent: 60 }, { up_to_fen: null, percent: 70 }] },
      { visit_type: 'special_outpatient', deductible_fen: 100000, cap_fen: 1000000, tiers: [{ up_to_fen: null, percent: 40 }] }],
    critical_illness: { icd10_prefixes: ['C', 'Z94.0', 'N18.5'], lump_sum_fen: 500000 },
    ...over,
  };
}

const HEADER = 'settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,original_settlement_id';
const row = (r) => [r.id, r.idNumber, r.name, '金华市中心医院', r.admission ?? r.discharge, r.discharge, 'inpatient', r.diagnosis ?? 'K35.8',
  r.eligible, '0.00', r.eligible, '0.00', 'normal', ''].join(',');

// The input of a form field, whether the test id is on the input itself or on its wrapper.
const input = (scope, id) => scope.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
// Sets an Element Plus date picker by typing the date.
async function pickDate(page, id, date) {
  const box = input(page, id);
  await box.click();
  await box.fill(date);
  await box.press('Enter');
}
const noOverflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('mutual medical aid: plans, enrolment, the settlement feed, claims by hand from the portal to the card', () => {
  let browser, setup, township, union, rosterUnion, a, b, c, portalMember, clerkUser;

  before(async () => {
    browser = await launch();
    // Set-up through the API, as a person would have done it earlier: the plan's first version,
    // a union of the township with two members, and the portal member's union enrolled.
    setup = await open(browser);
    await signIn(setup.page, 'city_admin');
    const created = await api(setup.page, 'POST', '/api/v1/aid/plans', plan());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk');
    township = (await api(clerk.page, 'GET', '/api/v1/auth/me')).body;
    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin');
    const u = await api(county.page, 'POST', '/api/v1/orgs', {
      parent_id: township.org_id, kind: 'enterprise_union', name: `互助浏览器${stamp}公司工会`, division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    // A second union whose member is enrolled from a roster, not with the first union's subtree.
    const u2 = await api(county.page, 'POST', '/api/v1/orgs', {
      parent_id: township.org_id, kind: 'enterprise_union', name: `互助名单${stamp}公司工会`, division_code: '330702' });
    assert.equal(u2.status, 201, JSON.stringify(u2.body));
    rosterUnion = u2.body;
    await county.context.close();
    const add = async (name, org = union) => {
      const idNumber = newId();
      const r = await api(clerk.page, 'POST', '/api/v1/members', {
        org_id: org.id, name, id_number: idNumber, category: 'front_line', join_date: '2015-03-01' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { ...r.body, idNumber };
    };
    a = await add('互助甲');
    b = await add('互助乙');
    c = await add('互助丙', rosterUnion);
    await clerk.context.close();
  });
  after(async () => {
    await setup?.context.close().catch(() => {});
    await browser.close();
  });

  it('the plan\'s owner imports a plan from a file, is shown the wrong percent on its field, puts it right and edits the plan as a new version; a clerk may not', async () => {
    // A new version of a plan is made at the level of its owner (the city imported it).
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk', undefined, `/aid/plans/${CODE}`);
    await clerk.page.getByTestId('plan-enrol').waitFor();
    assert.equal(await clerk.page.getByTestId('plan-edit').count(), 0, 'no edit of the city\'s plan for a township clerk');
    await clerk.done('aid-plan-no-edit-clerk');
    const city = await open(browser);
    await signIn(city.page, 'city_admin');
    const { page } = city;
    await page.getByTestId('menu-aid').click();
    await page.getByTestId('menu-aid-plans').click();
    await page.getByTestId(`plan-row-${CODE}`).waitFor();
    await page.screenshot({ path: shot('aid-plans'), fullPage: true });

    // The file names 160 % for the second tier: refused, and the form opens on the plan with the
    // error under that tier's percent.
    const bad = plan();
    bad.benefits[0].tiers[1].percent = 160;
    city.expectHttpError(400);
    await page.getByTestId('plan-import-file').setInputFiles(write('bad-plan.json', JSON.stringify(bad, null, 2)));
    const form = page.getByTestId('plan-form');
    await form.waitFor();
    const percentItem = form.locator('.el-form-item.is-error').filter({ has: page.getByTestId('plan-percent-0-1') });
    await percentItem.waitFor();
    assert.match(await form.getByTestId('plan-tier-error-0-1').innerText(), /benefits\[0\]\.tiers\[1\]\.percent 应在 0 到 100 之间/);
    assert.equal(await input(form, 'plan-percent-0-1').inputValue(), '160', 'the file\'s figure is shown as it was');
    assert.equal(await input(form, 'plan-code').inputValue(), CODE);
    assert.equal(await input(form, 'plan-contribution').inputValue(), '50.00', 'money in yuan');
    await page.screenshot({ path: shot('aid-plan-form-error'), fullPage: true });
    await input(form, 'plan-percent-0-1').fill('65');
    await page.getByTestId('plan-save').click();
    await page.waitForURL(new RegExp(`/aid/plans/${CODE}$`));
    await page.getByTestId('plan-version').getByText('v2').waitFor();
    assert.match(await page.getByTestId(`rules-tier-inpatient-1`).innerText(), /¥10,000\.00 – ¥50,000\.00[\s\S]*65%/);
    assert.match(await page.getByTestId('rules-lump').innerText(), /¥5,000\.00/);

    // Edited in the form: the name and the second tier back to 60 %; the code is fixed.
    await page.getByTestId('plan-edit').click();
    await form.waitFor();
    assert.equal(await input(form, 'plan-code').isDisabled(), true);
    await input(form, 'plan-name').fill(`浏览器测试互助方案 ${stamp}（修订）`);
    await input(form, 'plan-percent-0-1').fill('60');
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-version').getByText('v3').waitFor();
    assert.match(await page.getByTestId('plan-title').innerText(), /（修订）$/);
    assert.match(await page.getByTestId(`rules-tier-inpatient-1`).innerText(), /60%/);
    await page.screenshot({ path: shot('aid-plan'), fullPage: true });

    // The JSON downloads as the command line imports it; the versions are listed.
    const download = page.waitForEvent('download');
    await page.getByTestId('plan-export').click();
    const saved = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    assert.equal(saved.code, CODE);
    assert.equal(saved.benefits[0].tiers[1].percent, 60);
    assert.equal(saved.benefits[0].tiers[2].up_to_fen, null);
    await page.getByRole('tab', { name: '历史版本' }).click();
    assert.equal(await page.getByTestId('plan-versions').locator('tbody tr').count(), 3);
    await city.done('aid-plan-city');
  });

  it('a clerk enrols a union, sets the township\'s subsidy, records a contribution and reads the figures', async () => {
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk', undefined, `/aid/plans/${CODE}`);
    const { page } = clerk;
    await page.getByTestId('plan-enrol').click();
    const dialog = page.getByTestId('enrol-dialog');
    assert.equal(await input(dialog, 'enrol-start').inputValue(), `${year}-01-01`, 'from the plan\'s first day');
    await dialog.getByTestId('org-picker').click();
    await page.keyboard.type(union.name);
    await page.getByRole('option', { name: union.name, exact: true }).click();
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-result').waitFor();
    assert.equal(await page.getByTestId('enrol-enrolled').innerText(), '2');
    await page.screenshot({ path: shot('aid-enrol') });
    await page.getByTestId('enrol-close').click();

    // The township pays 5 yuan of every member's 50.
    await page.getByRole('tab', { name: '各级补助' }).click();
    await page.getByTestId('subsidy-add').click();
    await input(page, 'subsidy-amount').fill('5');
    await page.getByTestId('subsidy-save').click();
    await page.getByTestId(`subsidy-${township.org_id}`).getByText('¥5.00').waitFor();

    // The union paid 80 yuan of its 2 × 45.
    await page.getByRole('tab', { name: '缴费登记' }).click();
    await page.getByTestId('payment-add').click();
    const pay = page.getByTestId('payment-dialog');
    await pay.getByTestId('org-picker').click();
    await page.keyboard.type(union.name);
    await page.getByRole('option', { name: union.name, exact: true }).click();
    // A slip of the amount (800.00 typed for 80.00) is corrected on its row, not recorded again.
    await input(pay, 'payment-amount').fill('800.00');
    await input(pay, 'payment-reference').fill(`回单 ${stamp}`);
    await page.getByTestId('payment-save').click();
    const row = page.getByTestId('payment-table').locator('tbody tr').filter({ hasText: `回单 ${stamp}` });
    await row.getByText('¥800.00').waitFor();
    await row.getByRole('button', { name: '更正' }).click();
    await pay.getByTestId('payment-org').getByText(union.name).waitFor();
    assert.equal(await input(pay, 'payment-amount').inputValue(), '800.00');
    await input(pay, 'payment-amount').fill('80.00');
    await page.getByTestId('payment-save').click();
    await row.getByText('¥80.00').waitFor();
    assert.equal(await page.getByTestId('payment-table').locator('tbody tr').filter({ hasText: `回单 ${stamp}` }).count(), 1, 'corrected, not recorded twice');
    // The payments page with the list's pager; the sum is the subtree's (the plan's figures), not the page's.
    await page.getByTestId('plan-payments').getByTestId('pager').waitFor();
    await page.getByTestId('payment-total').getByText('合计已缴 ¥80.00').waitFor();
    await page.screenshot({ path: shot('aid-payments'), fullPage: true });

    // The figures of the township: only this union is in the plan.
    await page.getByRole('tab', { name: '统计' }).click();
    const stats = page.getByTestId('plan-stats');
    await stats.getByTestId('aid-stat-enrolled').getByText('2', { exact: true }).waitFor();
    assert.match(await stats.getByTestId('aid-stat-due').innerText(), /¥90\.00[\s\S]*¥10\.00/);
    assert.match(await stats.getByTestId('aid-stat-paid').innerText(), /¥80\.00[\s\S]*¥10\.00/);
    const child = stats.getByTestId('aid-stats-children').locator('tbody tr').filter({ hasText: union.name });
    assert.match(await child.innerText(), /¥90\.00[\s\S]*¥80\.00[\s\S]*¥10\.00/);
    await page.waitForTimeout(1200); // the bars grow in
    await page.screenshot({ path: shot('aid-stats'), fullPage: true });
    await clerk.done('aid-enrol-clerk');
  });

  it('the plan\'s owner enrols from a roster of ID numbers: the member enrolled, the one enrolled before counted, the wrong number listed with its line; a clerk is offered no roster', async () => {
    // A roster is a bulk job, run at the level of the plan's owner (the city imported it).
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk', undefined, `/aid/plans/${CODE}`);
    await clerk.page.getByTestId('plan-enrol').click();
    await clerk.page.getByTestId('enrol-mode-subtree').waitFor();
    assert.equal(await clerk.page.getByTestId('enrol-mode-roster').count(), 0, 'no roster for a township clerk');
    await clerk.done('aid-enrol-no-roster-clerk');
    const city = await open(browser);
    await signIn(city.page, 'city_admin', undefined, `/aid/plans/${CODE}`);
    const { page } = city;
    const good = newId();
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0'); // the check digit off
    const file = write('roster.csv', ['姓名,身份证号', `${c.name},${c.idNumber}`, `某人,${wrong}`, `${a.name},${a.idNumber}`].join('\r\n') + '\r\n');
    await page.getByTestId('plan-enrol').click();
    const dialog = page.getByTestId('enrol-dialog');
    await dialog.getByTestId('enrol-mode-roster').click();
    assert.equal(await dialog.getByTestId('org-picker').count(), 0, 'a file instead of the organisation');
    assert.match(await dialog.getByTestId('enrol-file-hint').innerText(), /身份证号/);
    assert.equal(await dialog.getByTestId('enrol-file').getAttribute('accept'), '.csv,.xlsx');
    await dialog.getByTestId('enrol-file').setInputFiles(file);
    await page.waitForTimeout(400); // the dialog fades in
    await page.screenshot({ path: shot('aid-enrol-roster-form') });
    // A dry run first (a job like the real one): the same counts, the report, nobody enrolled.
    await dialog.getByTestId('enrol-dry-run').click();
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-result').getByText('检查完成（未登记）').waitFor();
    assert.equal(await page.getByTestId('enrol-enrolled').innerText(), '1');
    assert.match(await page.getByTestId('enrol-report').getAttribute('href'), /^\/api\/v1\/jobs\/[\w-]+\/file$/);
    const before = await api(page, 'GET', `/api/v1/aid/plans/${CODE}/stats?org_id=${rosterUnion.id}`);
    assert.equal(before.body.enrolled, 0, 'a dry run enrols nobody');
    // Then the same roster for real, from the dry run's result.
    await page.getByTestId('enrol-for-real').click();
    await page.getByTestId('enrol-result').getByText('参保登记完成').waitFor();
    assert.deepEqual([await page.getByTestId('enrol-enrolled').innerText(), await page.getByTestId('enrol-continuing').innerText(),
      await page.getByTestId('enrol-already').innerText()], ['1', '0', '1'], 'the roster\'s member; the first union\'s before');
    assert.equal(await page.getByTestId('enrol-problem-count').innerText(), '1 行未能参保');
    const problems = page.getByTestId('enrol-problems').locator('tbody tr');
    assert.equal(await problems.count(), 1);
    const cells = await problems.first().locator('td').allInnerTexts();
    assert.equal(cells[0], '3', 'the line of the file, the header being line 1');
    assert.equal(cells[1], `${wrong.slice(0, 3)}${'*'.repeat(11)}${wrong.slice(14)}`, 'the number masked');
    assert.match(cells[2], /^身份证号校验位错误/);
    await page.screenshot({ path: shot('aid-enrol-roster') });
    await page.getByTestId('enrol-close').click();
    const enrolment = await api(page, 'GET', `/api/v1/aid/plans/${CODE}/stats?org_id=${rosterUnion.id}`);
    assert.equal(enrolment.status, 200, JSON.stringify(enrolment.body));
    assert.equal(enrolment.body.enrolled, 1, 'enrolled in the roster member\'s union');

    // The same roster again, in English: both enrolled before, the reason in English.
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('plan-enrol').click();
    assert.equal(await dialog.getByTestId('enrol-mode-subtree').locator('input').isChecked(), true, 'a subtree again by default');
    await dialog.getByTestId('enrol-mode-roster').click();
    await dialog.getByTestId('enrol-file').setInputFiles(file);
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('enrol-result').waitFor();
    assert.deepEqual([await page.getByTestId('enrol-enrolled').innerText(), await page.getByTestId('enrol-already').innerText()], ['0', '2']);
    assert.equal(await page.getByTestId('enrol-problem-count').innerText(), '1 line not enrolled');
    assert.match(await page.getByTestId('enrol-problems').locator('tbody tr').first().innerText(), /^3\s+330\*+\d{3}[\dX]\s+resident ID: the check character is wrong/);
    await page.waitForTimeout(400);
    await page.screenshot({ path: shot('aid-enrol-roster-english') });
    await city.done('aid-enrol-roster-city');
  });

  it('the plan\'s owner uploads a settlement file: a dry run with its progress and outcomes, then for real, the report and the claims; a clerk is offered no upload', async () => {
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk');
    await clerk.page.getByTestId('menu-aid').click();
    await clerk.page.getByTestId('menu-aid-plans').waitFor();
    assert.equal(await clerk.page.getByTestId('menu-aid-ingest').count(), 0, 'the feed is run at the plan owner\'s level');
    await clerk.done('aid-ingest-none-clerk');
    const city = await open(browser);
    await signIn(city.page, 'city_admin');
    const { page } = city;
    const s = (n) => `Z${stamp}-${n}`;
    const file = write('feed.csv', [HEADER,
      row({ id: s(1), idNumber: a.idNumber, name: a.name, discharge: `${year}-06-10`, admission: `${year}-06-01`, eligible: '1500.00' }), // 500.00
      row({ id: s(2), idNumber: b.idNumber, name: b.name, discharge: `${year}-03-01`, eligible: '1500.00' }), // waiting until 1 April
      row({ id: s(3), idNumber: newId(), name: '某人', discharge: `${year}-05-01`, eligible: '600.00' }), // not a member (in scope)
      row({ id: s(4), idNumber: a.idNumber, name: a.name, discharge: `${year}-05-01`, admission: `${year}-05-09`, eligible: '600.00' }), // dates reversed
      row({ id: s(5), idNumber: b.idNumber, name: b.name, discharge: `${year}-07-01`, eligible: '600.00', diagnosis: 'C34.1' }), // 50.00 + 5000.00
    ].join('\r\n') + '\r\n');

    await page.getByTestId('menu-aid').click();
    await page.getByTestId('menu-aid-ingest').click();
    await page.getByTestId('ingest-plan').click();
    await page.getByRole('option', { name: new RegExp(`^${CODE} · `) }).click();
    await page.getByTestId('ingest-file').setInputFiles(file);
    assert.equal(await page.getByTestId('ingest-dry-run').locator('input').isChecked(), true, 'a dry run first');
    await page.getByTestId('ingest-start').click();
    await page.getByTestId('ingest-bar').waitFor();
    await page.getByTestId('ingest-done').waitFor();
    assert.match(await page.getByTestId('ingest-done').innerText(), /试算/);
    assert.equal(await page.getByTestId('ingest-bar').getAttribute('aria-valuenow'), '100', 'the bar reaches the end');
    const count = async (o) => page.getByTestId(`ingest-count-${o}`).innerText();
    assert.equal(await page.getByTestId('ingest-records').innerText(), '5');
    assert.deepEqual([await count('paid'), await count('waiting_period'), await count('out_of_scope'), await count('invalid'), await count('duplicate')],
      ['2', '1', '1', '1', '0']);
    assert.equal(await page.getByTestId('ingest-paid-fen').innerText(), '¥5,550.00');
    await page.screenshot({ path: shot('aid-ingest-dry-run'), fullPage: true });

    // For real: two payments to the card, and the report line by line.
    await page.getByTestId('ingest-dry-run').click();
    await page.getByTestId('ingest-start').click();
    await page.getByTestId('ingest-done').getByText(/生成 2 笔一卡通发放/).waitFor();
    assert.equal(await page.getByTestId('ingest-items').innerText(), '2');
    const download = page.waitForEvent('download');
    await page.getByTestId('ingest-report').click();
    const report = readFileSync(await (await download).path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(report[0], '结算单号,结果,赔付金额（元）,原因,Reason,行号');
    assert.match(report[1], new RegExp(`^${s(1)},赔付,500.00,`));
    assert.match(report[5], new RegExp(`^${s(5)},赔付,5050.00,`));
    await page.waitForTimeout(800); // the pie grows in
    await page.screenshot({ path: shot('aid-ingest'), fullPage: true });

    // The claims of the feed, filtered by the plan in the URL.
    await page.getByTestId('ingest-claims').click();
    await page.waitForURL(/\/aid\/claims\?plan=/);
    const paid = page.getByTestId('feed-table').locator('tbody tr').filter({ hasText: s(1) });
    await paid.waitFor();
    assert.match(await paid.innerText(), /互助甲[\s\S]*赔付[\s\S]*¥500\.00/);
    const lump = page.getByTestId('feed-table').locator('tbody tr').filter({ hasText: s(5) });
    assert.match(await lump.innerText(), /¥5,050\.00[\s\S]*含大病补助 ¥5,000\.00/);
    await page.screenshot({ path: shot('aid-claims-feed'), fullPage: true });

    // A clerk enters a claim by hand for a member found by name, then rejects it with a reason.
    await page.getByRole('tab', { name: '手工理赔' }).click();
    await page.waitForURL(/tab=hand/);
    await page.getByTestId('hand-new').click();
    const form = page.getByTestId('hand-form');
    await form.getByTestId('hand-plan').click();
    await page.getByRole('option', { name: new RegExp(`^${CODE} · `) }).click();
    await form.getByTestId('hand-member').click();
    await page.keyboard.type('互助乙');
    await page.getByRole('option').filter({ hasText: union.name }).click();
    await input(form, 'hand-hospital').fill('上海交通大学医学院附属瑞金医院');
    await pickDate(page, 'hand-admission', `${year}-08-01`);
    await pickDate(page, 'hand-discharge', `${year}-08-09`);
    await input(form, 'hand-diagnosis').fill('k80.2');
    await input(form, 'hand-total').fill('20000.00');
    await input(form, 'hand-fund_paid').fill('12000.00');
    await input(form, 'hand-self_paid_in_scope').fill('7000.001');
    await input(form, 'hand-self_paid_out_of_scope').fill('1000');
    city.expectHttpError(400);
    await page.getByTestId('hand-submit').click();
    await form.locator('.el-form-item.is-error').filter({ has: page.getByTestId('hand-self_paid_in_scope') }).waitFor();
    await page.screenshot({ path: shot('aid-hand-form'), fullPage: true });
    await input(form, 'hand-self_paid_in_scope').fill('7000.00');
    await page.getByTestId('hand-submit').click();
    await page.waitForURL(/\/aid\/hand-claims\/\d+$/);
    assert.equal(await page.getByTestId('hand-state').innerText(), '待核对');
    assert.equal(await page.getByTestId('hand-in-scope').innerText(), '¥7,000.00');
    await page.getByTestId('hand-preview').waitFor();
    await page.getByTestId('hand-reject').click();
    await page.getByTestId('hand-action-submit').click();
    assert.equal(await page.getByTestId('hand-action-error').innerText(), '请填写原因');
    await page.getByTestId('hand-action-reason').fill('已由医保结算零跑赔付，重复申请');
    await page.getByTestId('hand-action-submit').click();
    await page.getByTestId('hand-state').getByText('不予赔付').waitFor();
    assert.match(await page.getByTestId('hand-rejected').innerText(), /重复申请/);
    await city.done('aid-ingest-city');
  });

  it('a member claims on the phone with an invoice photo; the county checks it and the city approves it; the member sees the amount', async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    const member = await open(browser, phone);
    await member.page.goto(BASE + '/m/login');
    await member.page.locator('[data-testid="portal-phone"] input').fill(PORTAL_PHONE);
    await member.page.locator('[data-testid="portal-password"] input').fill(PORTAL_PASSWORD);
    await member.page.getByTestId('portal-submit').click();
    await member.page.waitForURL(/\/m\/card/);
    portalMember = await member.page.evaluate(async () => (await fetch('/api/v1/portal/me')).json());
    assert.ok(portalMember.member_id, JSON.stringify(portalMember));
    // The member's union is enrolled in the plan (the city, whose scope holds every union).
    const enrolled = await api(setup.page, 'POST', `/api/v1/aid/plans/${CODE}/enrolments`, { org_id: portalMember.org_id, start: `${year}-01-01` });
    assert.equal(enrolled.status, 200, JSON.stringify(enrolled.body));

    // A photo of the invoice, as the phone's camera would give it.
    const paper = await member.context.newPage();
    await paper.setContent('<div id="invoice" style="width:320px;padding:16px;font:16px sans-serif;background:#fffbe6;border:2px solid #c8161d">' +
      '<b>浙江省医疗收费票据</b><br>住院 · 合计 ¥36,800.00<br>统筹支付 ¥21,500.00<br>个人自付 ¥12,600.00<br>自费 ¥2,700.00</div>');
    const photo = write('invoice.png', await paper.locator('#invoice').screenshot());
    await paper.close();

    const { page } = member;
    await page.getByTestId('tab-services').click();
    await page.getByTestId('tile-aid').click();
    await page.getByTestId('portal-aid').waitFor();
    await page.getByTestId('portal-aid-plan').filter({ hasText: `浏览器测试互助方案 ${stamp}` }).waitFor();
    await page.getByTestId('portal-aid-new').click();
    await page.getByTestId('portal-claim-form').waitFor();
    await page.getByTestId('portal-claim-plan').click();
    await page.locator('.van-action-sheet').getByRole('button', { name: new RegExp(`浏览器测试互助方案 ${stamp}`) }).click();
    await input(page, 'portal-claim-hospital').fill('上海交通大学医学院附属瑞金医院');
    await input(page, 'portal-claim-admission').fill(`${year}-07-01`);
    await input(page, 'portal-claim-discharge').fill(`${year}-07-09`);
    await input(page, 'portal-claim-diagnosis').fill('K80.2');
    await input(page, 'portal-claim-total').fill('36800.00');
    await input(page, 'portal-claim-fund_paid').fill('21500.00');
    await input(page, 'portal-claim-self_paid_in_scope').fill('12600.00');
    await input(page, 'portal-claim-self_paid_out_of_scope').fill('2700.00');
    const file = page.getByTestId('portal-claim-photos').locator('input[type=file]');
    assert.equal(await file.getAttribute('capture'), 'environment', 'the camera opens');
    await file.setInputFiles(photo);
    await page.getByTestId('portal-claim-photos').locator('.van-uploader__preview img').waitFor();
    assert.equal(await noOverflow(page), 0, 'the form fits the phone');
    await page.screenshot({ path: shot('aid-portal-form'), fullPage: true });
    await page.getByTestId('portal-claim-submit').click();
    await page.waitForURL(/\/m\/aid$/);
    // The newest claim first.
    const card = page.getByTestId('portal-claim').first();
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`${year}-07-01 ~ ${year}-07-09`));
    const claimId = Number(await card.getAttribute('data-id'));
    assert.equal(await card.getByTestId('portal-claim-state').innerText(), '待核对');
    // Before a decision, what the rules would pay, labelled as an estimate.
    assert.equal(await card.getByTestId('portal-claim-estimate').innerText(), '¥6,260.00');
    assert.match(await card.getByTestId('portal-claim-estimate-note').innerText(), /预估，以审核结果为准/);
    assert.match(await card.innerText(), /合规自付 ¥12,600\.00/);
    assert.match(await card.innerText(), /票据 1 张/);
    assert.equal(await noOverflow(page), 0, 'nothing wider than the phone');
    await page.screenshot({ path: shot('aid-portal-submitted'), fullPage: true });

    // The county administrator whose scope holds the member sees it waiting on the dashboard.
    for (const user of ['yiwu_admin', 'wucheng_admin', 'city_admin']) {
      const s = await open(browser);
      await signIn(s.page, user);
      if ((await api(s.page, 'GET', `/api/v1/aid/hand-claims/${claimId}`)).status === 200) {
        clerkUser = s;
        break;
      }
      await s.context.close();
    }
    assert.ok(clerkUser, 'a county holds the portal member');
    const clerk = clerkUser.page;
    await clerk.getByTestId('aid-overview').waitFor();
    assert.match(await clerk.getByTestId('aid-overview-pending').innerText(), /医疗互助：\d+ 笔手工理赔待办结/);
    await clerk.screenshot({ path: shot('aid-dashboard') });
    await clerk.getByTestId('aid-overview-link').click();
    await clerk.waitForURL(/\/aid\/claims\?.*tab=hand/);
    const hand = clerk.getByTestId('hand-table');
    if (new URL(clerk.url()).searchParams.get('overdue') === '1') {
      // Only the overdue claims: each one flagged.
      await hand.locator('tbody tr').first().waitFor();
      assert.equal(await hand.getByTestId('hand-overdue').count(), await hand.locator('tbody tr').count());
      await clerk.getByTestId('claims-filter-overdue').click();
      await clerk.getByTestId('claims-search').click();
    }
    await clerk.getByTestId(`hand-row-${claimId}`).click();
    await clerk.waitForURL(new RegExp(`/aid/hand-claims/${claimId}$`));

    // The photo as a thumbnail; what the rules would pay: 12 600 − 500 = 12 100 above the
    // deductible, 10 000 at 50 % and 2 100 at 60 %.
    const img = clerk.getByTestId('hand-file').locator('img');
    await img.waitFor();
    await clerk.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    assert.equal(await clerk.getByTestId('hand-preview-amount').innerText(), '¥6,260.00');
    assert.equal(await clerk.getByTestId('hand-approve').count(), 0, 'checked first');
    await clerk.screenshot({ path: shot('aid-hand-claim'), fullPage: true });
    await clerk.getByTestId('hand-check').click();
    await clerk.getByTestId('hand-action-submit').click();
    await clerk.getByTestId('hand-state').getByText('已核对').waitFor();
    // Four eyes: whoever checked it does not approve it; the city does.
    assert.equal(await clerk.getByTestId('hand-approve').isDisabled(), true);
    await clerkUser.done('aid-checker');
    const approver = setup.page;
    await approver.goto(`${BASE}/aid/hand-claims/${claimId}`);
    await approver.getByTestId('hand-state').getByText('已核对').waitFor();
    await approver.getByTestId('hand-approve').click();
    assert.match(await approver.getByTestId('hand-action-dialog').innerText(), /¥6,260\.00/);
    await approver.getByTestId('hand-action-submit').click();
    await approver.getByTestId('hand-state').getByText('已批准').waitFor();
    assert.equal(await approver.getByTestId('hand-amount').innerText(), '¥6,260.00');
    assert.equal(await approver.getByTestId('hand-payout-state').innerText(), '待发放');
    await approver.getByTestId('hand-action-dialog').waitFor({ state: 'hidden' });
    assert.equal(await approver.getByTestId('hand-file').count(), 1, 'the invoice stays with the claim');
    await approver.screenshot({ path: shot('aid-hand-approved'), fullPage: true });

    // The city's dashboard flags the claims undecided for over 30 days (the demo has one) and
    // opens the list of just those, each marked.
    const city = setup.page;
    await city.goto(`${BASE}/`);
    await city.getByTestId('aid-overview-overdue').waitFor();
    await city.getByTestId('aid-overview-link').click();
    await city.waitForURL(/\/aid\/claims\?.*overdue=1/);
    const overdue = city.getByTestId('hand-table').locator('tbody tr');
    await overdue.first().getByTestId('hand-overdue').waitFor();
    assert.equal(await city.getByTestId('hand-table').getByTestId('hand-overdue').count(), await overdue.count(), 'every one flagged');
    assert.equal(await city.getByTestId('claims-filter-overdue').locator('input').isChecked(), true, 'the filter is in the URL');
    await city.screenshot({ path: shot('aid-claims-overdue'), fullPage: true });

    // The member sees the approved amount, in Chinese and in English.
    await page.reload();
    const approved = page.locator(`[data-testid="portal-claim"][data-id="${claimId}"]`);
    await approved.getByTestId('portal-claim-state').getByText('已批准').waitFor();
    assert.equal(await approved.getByTestId('portal-claim-amount').innerText(), '¥6,260.00');
    assert.equal(await approved.getByTestId('portal-claim-estimate').count(), 0, 'decided: no estimate');
    assert.equal(await noOverflow(page), 0);
    await page.screenshot({ path: shot('aid-portal'), fullPage: true });
    await page.getByTestId('lang-button').click();
    await approved.getByTestId('portal-claim-state').getByText('Approved').waitFor();
    await page.getByText('My claims').first().waitFor();
    assert.equal(await noOverflow(page), 0, 'in English too');
    await member.done('aid-portal-english');
  });
});
