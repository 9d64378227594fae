// Four eyes in the browser (issue 15, items 5 and 6): the clerk who checked a claim by hand finds
// 批准赔付 disabled with the reason, and another user approves it (a claim with no invoice only
// with a reason, then shown on the claim); an establishment filed from the console goes under
// the parent proposed from its division, and the new union's page shows where it sits.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const tag = `${process.pid % 1000}${Date.now() % 100000}`;

describe('four eyes: a claim by hand, an establishment', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('the checker cannot approve; another user approves a claim with no invoice, giving the reason', async () => {
    // The facts, through the API: a plan, a union under the township, a member enrolled, and the
    // member's claim entered by the township's clerk with no invoice attached.
    const setup = await open(browser);
    await signIn(setup.page, 'city_admin');
    const code = `B${tag}`;
    const plan = await api(setup.page, 'POST', '/api/v1/aid/plans', {
      code, name: `四眼浏览器方案 ${code}`, start: '2025-01-01', end: '2026-12-31', contribution_fen: 5000, waiting_days: 0,
      overall_cap_fen: 6000000, benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
    });
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    await setup.context.close();

    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk');
    const me = (await api(clerk.page, 'GET', '/api/v1/auth/me')).body;
    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin');
    const union = await api(county.page, 'POST', '/api/v1/orgs', { parent_id: me.org_id, kind: 'enterprise_union', name: `四眼浏览器公司工会${tag}`, division_code: '330702' });
    assert.equal(union.status, 201, JSON.stringify(union.body));
    const first17 = `33070219850${1 + (Date.now() % 9)}1${Date.now() % 10}${String(Date.now() % 1000).padStart(3, '0')}`;
    const member = await api(clerk.page, 'POST', '/api/v1/members', { org_id: union.body.id, name: '四眼乙', id_number: first17 + checkChar(first17),
      phone: '13812345678', employer: '测试公司', category: 'front_line', join_date: '2020-05-01' });
    assert.equal(member.status, 201, JSON.stringify(member.body));
    assert.ok((await api(clerk.page, 'POST', `/api/v1/aid/plans/${code}/enrolments`, { org_id: union.body.id, start: '2025-01-01' })).status < 300);
    const claim = await api(clerk.page, 'POST', '/api/v1/aid/hand-claims', { plan_code: code, member_id: member.body.id, visit_type: 'inpatient',
      hospital: '金华市中心医院', admission_date: '2025-06-01', discharge_date: '2025-06-09', diagnosis_code: 'K35.8', total: '30000.00',
      fund_paid: '14440.00', self_paid_in_scope: '12560.00', self_paid_out_of_scope: '3000.00' });
    assert.equal(claim.status, 201, JSON.stringify(claim.body));
    const id = claim.body.id;

    // The clerk checks it, then finds the approval closed to them, and why.
    await clerk.page.goto(`${BASE}/aid/hand-claims/${id}`);
    await clerk.page.getByTestId('hand-check').click();
    await clerk.page.getByTestId('hand-action-submit').click();
    await clerk.page.getByTestId('hand-state').getByText('已核对').waitFor();
    assert.equal(await clerk.page.getByTestId('hand-approve').isDisabled(), true, '批准赔付 is disabled for the checker');
    assert.match(await clerk.page.getByTestId('hand-approve-blocked').innerText(), /township_clerk 核对：核对与审批须由两人办理/);
    assert.match(await clerk.page.getByTestId('hand-step-checked').innerText(), /township_clerk 核对/);
    await clerk.done('four-eyes-checker');

    // The county's administrator approves: with no invoice, only with a reason.
    const page = county.page;
    await page.goto(`${BASE}/aid/hand-claims/${id}`);
    await page.getByTestId('hand-state').getByText('已核对').waitFor();
    assert.equal(await page.getByTestId('hand-approve-blocked').count(), 0);
    await page.getByTestId('hand-approve').click();
    await page.getByTestId('hand-no-invoice').waitFor();
    await page.getByTestId('hand-action-submit').click();
    assert.match(await page.getByTestId('hand-action-error').innerText(), /原因/);
    const reason = '医院出具的结算证明已核对，发票原件由会员补交';
    await page.getByTestId('hand-action-reason').fill(reason);
    await page.getByTestId('hand-action-submit').click();
    await page.getByTestId('hand-state').getByText('已批准').waitFor();
    assert.match(await page.getByTestId('hand-approved-reason').innerText(), new RegExp(reason));
    await county.done('four-eyes-approved');
  });

  it('an establishment filed from the console lands under the proposed federation, shown in its breadcrumb', async () => {
    const county = await open(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(county.page, 'wucheng_admin', undefined, '/applications');
    const me = (await api(county.page, 'GET', '/api/v1/auth/me')).body;
    const countyName = (await api(county.page, 'GET', `/api/v1/orgs/${me.org_id}`)).body.name;
    const name = `四眼组建${tag}公司工会`;
    await county.page.getByTestId('establish-new').click();
    await county.page.getByTestId('establish-name').fill(name);
    await county.page.getByTestId('seat-name-0').fill('张主席');
    // Proposed from the division 330702: 婺城's county federation.
    await county.page.getByTestId('establish-parent-proposed').waitFor();
    assert.match(await county.page.getByTestId('establish-parent').innerText(), new RegExp(countyName));
    await county.page.screenshot({ path: new URL('./screenshots/four-eyes-establish.png', import.meta.url).pathname });
    await county.page.getByTestId('establish-submit').click();
    await county.page.getByTestId('apps-table').getByText(`组建：${name}`).waitFor();
    await county.done('four-eyes-establish-filed');

    const city = await open(browser, { viewport: { width: 1366, height: 768 } });
    await signIn(city.page, 'city_admin', undefined, '/applications');
    await city.page.getByTestId('apps-table').getByText(`组建：${name}`).click();
    await city.page.getByTestId('app-detail').waitFor();
    await city.page.getByTestId('app-approve').click();
    await city.page.getByTestId('apps-all').click();
    await city.page.getByTestId('apps-table').getByText(`组建：${name}`).click();
    await city.page.getByTestId('app-result').waitFor();
    const found = (await api(city.page, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`)).body.items;
    assert.equal(found.length, 1);
    assert.equal(found[0].parent_id, me.org_id, 'under the county federation proposed');

    await city.page.goto(`${BASE}/orgs?id=${found[0].id}`);
    const crumbs = city.page.getByTestId('org-breadcrumb');
    await crumbs.waitFor();
    assert.equal((await crumbs.innerText()).replace(/\s+/g, ''), `金华市总工会/${countyName}/${name}`);
    await city.done('four-eyes-breadcrumb');
  });
});
