// Approving with the facts in view on 审批 (issue 15, item 2): the county's reviewer approves a
// hardship archive, a grant and an establishment from the drawer, each showing its facts in words
// (household and the level's arithmetic; category, amount and the room left; the enterprise,
// members and committee) and a link to its record; the filer sees no buttons but who must act;
// the filters stay in the URL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const tag = `${process.pid % 1000}${Date.now() % 100000}`;
let serial = 0;
function idNumber() {
  serial += 1;
  const first17 = `3307021986${String(1 + (serial % 9)).padStart(2, '0')}1${serial % 10}${String((Date.now() + serial) % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode() {
  let first17 = '913307';
  for (let i = 0; i < 11; i++) first17 += ALPHABET[Math.floor(Math.random() * 31)];
  const sum = [...first17].reduce((a, c, i) => a + ALPHABET.indexOf(c) * CODE_WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}
// The drawer has slid fully in (for the screenshot).
const drawerOpen = (page) => page.waitForFunction(() => {
  const d = document.querySelector('.el-drawer');
  return d && Math.abs(d.getBoundingClientRect().right - window.innerWidth) < 1;
});
const chinaToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

describe('审批: the facts in view, buttons only for who decides', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('approves an archive, a grant and an establishment with their facts; the filer sees who must act', async () => {
    // The facts, through the API: a union under the township, two workers, an archive and a grant
    // filed by the township's clerk, and an establishment.
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk');
    const me = (await api(clerk.page, 'GET', '/api/v1/auth/me')).body;
    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin');
    const union = await api(county.page, 'POST', '/api/v1/orgs', { parent_id: me.org_id, kind: 'enterprise_union', name: `审批浏览器公司工会${tag}`, division_code: '330702' });
    assert.equal(union.status, 201, JSON.stringify(union.body));
    const year = Number(chinaToday().slice(0, 4));
    // The demo's standard of 婺城区 this year (set if missing): 1 500 yuan a head is relative
    // hardship under any standard from 750 to 1 500 yuan, 500 yuan deep under any above 500.
    let standard = (await api(county.page, 'GET', `/api/v1/hardship/standards?division_code=330702&year=${year}`)).body.items[0];
    if (!standard) {
      assert.equal((await api(county.page, 'PUT', `/api/v1/hardship/standards/330702/${year}`, { monthly_fen: 100000, relative_pct: 200 })).status, 200);
      standard = { monthly_fen: 100000 };
    }
    const yuan = (standard.monthly_fen / 100).toFixed(2);
    const workers = [];
    for (const name of [`档案职工${tag}`, `救助职工${tag}`]) {
      const m = await api(clerk.page, 'POST', '/api/v1/members', { org_id: union.body.id, name, id_number: idNumber(), phone: '13812345678', employer: '测试公司', category: 'front_line', join_date: '2020-05-01' });
      assert.equal(m.status, 201, JSON.stringify(m.body));
      workers.push(m.body);
    }
    const archive = await api(clerk.page, 'POST', '/api/v1/hardship/archives', {
      member_id: workers[0].id, causes: ['illness'],
      household: [
        { name: workers[0].name, relation: 'self', age: 50, health: 'chronic', schooling: 'none', annual_income_fen: 1800000 },
        { name: '孙配偶', relation: 'spouse', age: 48, health: 'healthy', schooling: 'none', annual_income_fen: 1800000 },
      ],
      income_sources: [{ source: 'wages', monthly_fen: 300000 }], medical_spending_fen: 0, school_spending_fen: 0,
    });
    assert.equal(archive.status, 201, JSON.stringify(archive.body));
    assert.equal(archive.body.level, 'relative');
    assert.equal((await api(clerk.page, 'POST', `/api/v1/hardship/archives/${archive.body.id}/submit`)).status, 200);
    const grant = await api(clerk.page, 'POST', '/api/v1/hardship/grants', { member_id: workers[1].id, category: 'temporary', amount_fen: 150000, reason: '家中遭水灾' });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));
    const code = creditCode();
    const enterprise = await api(clerk.page, 'POST', '/api/v1/enterprises', { credit_code: code, name: `审批浏览器企业${tag}`, division_code: '330702', employees: 35 });
    assert.equal(enterprise.status, 201, JSON.stringify(enterprise.body));
    const unionName = `审批浏览器企业${tag}工会`;
    const establish = await api(clerk.page, 'POST', '/api/v1/applications', { kind: 'establish', org_id: me.org_id, submit: true, payload: {
      name: unionName, kind: 'enterprise_union', division_code: '330702', enterprise_id: enterprise.body.id, parent_id: me.org_id, founding_members: 28, term_years: 5,
      committee: [{ name: '周主席', role: 'chair' }, { name: '吴经审', role: 'funds_audit_chair' }] } });
    assert.equal(establish.status, 201, JSON.stringify(establish.body));

    // The filer sees the facts, no buttons, and who must act.
    await clerk.page.goto(`${BASE}/applications?tab=all&kind=hardship_archive`);
    await clerk.page.getByTestId('apps-table').getByText(workers[0].name).first().click();
    await clerk.page.getByTestId('app-detail').getByText('家庭成员').waitFor();
    assert.match(await clerk.page.getByTestId('app-waiting').innerText(), /待 婺城区总工会 的.*审核（提交人不能审核自己的申请）/);
    assert.equal(await clerk.page.getByTestId('app-approve').count(), 0, 'no 通过 for the filer');
    assert.equal(await clerk.page.getByTestId('app-return').count(), 0, 'no 退回 for the filer');
    await drawerOpen(clerk.page);
    await clerk.done('approval-facts-filer');

    // The county reviews the archive from its list, filtered by kind through the URL.
    const page = county.page;
    await page.goto(`${BASE}/applications?kind=hardship_archive`);
    assert.match(await page.getByTestId('apps-kind').innerText(), /困难职工档案/, 'the filter read from the URL');
    await page.getByTestId('apps-table').getByText(workers[0].name).first().click();
    const detail = page.getByTestId('app-detail');
    await detail.getByText('家庭成员').waitFor();
    const facts = await detail.innerText();
    assert.match(facts, /2 人：本人 档\*+（50 岁，慢性病，年收入 18000\.00 元）、配偶 孙\*\*（48 岁，年收入 18000\.00 元）/);
    assert.match(facts, /1500\.00 元：.*= 1500\.00 .*→ 相对困难/);
    assert.ok(facts.includes(`每人每月 ${yuan} 元`), facts);
    assert.match(facts, /申请等级\s+相对困难/);
    assert.ok(!/archive_id|_fen/.test(facts), facts);
    assert.equal(await page.getByTestId('app-waiting').count(), 0, 'the county decides: no one else to wait for');
    await page.getByTestId('app-reason').fill('家庭情况已入户核实');
    await page.getByTestId('app-approve').click();
    await detail.waitFor({ state: 'detached' });
    assert.equal((await api(page, 'GET', `/api/v1/hardship/archives/${archive.body.id}`)).body.state, 'notice');

    // The grant: chosen through the kind filter on the page.
    await page.getByTestId('apps-kind').click();
    await page.getByRole('option', { name: '帮扶救助' }).click();
    await page.getByTestId('apps-search').click();
    await page.waitForURL(/kind=hardship_grant/);
    await page.getByTestId('apps-table').getByText(workers[1].name).first().click();
    await detail.getByText('本年度额度').waitFor();
    const grantFacts = await detail.innerText();
    assert.match(grantFacts, /临时救助/);
    assert.match(grantFacts, /金额\s+1500\.00 元/);
    assert.match(grantFacts, new RegExp(`${year} 年上限 3000\\.00 元，此前已批 0\\.00 元，批准本次后尚余 1500\\.00 元`));
    await page.getByTestId('app-approve').click();
    await detail.waitFor({ state: 'detached' });
    assert.equal((await api(page, 'GET', `/api/v1/hardship/grants/${grant.body.id}`)).body.state, 'approved');

    // The establishment, then its link to the new union's place in the tree.
    await page.goto(`${BASE}/applications?kind=establish`);
    await page.getByTestId('apps-table').getByText(`组建：${unionName}`).click();
    await detail.getByText('委员会').waitFor();
    const orgFacts = await detail.innerText();
    assert.match(orgFacts, new RegExp(`审批浏览器企业${tag}（统一社会信用代码 ${code}，职工 35 人）`));
    assert.match(orgFacts, /入会人数\s+28 人/);
    assert.match(orgFacts, /主席 周主席、经审委主任 吴经审/);
    assert.match(orgFacts, new RegExp(`上级工会\\s+${me.org_name}`));
    assert.ok(!/enterprise_id|enterprise_union|founding_members/.test(orgFacts), orgFacts);
    await page.getByTestId('app-approve').click();
    await detail.waitFor({ state: 'detached' });
    await page.goto(`${BASE}/applications?tab=all&kind=establish&state=approved&from_date=${chinaToday()}&to_date=${chinaToday()}`);
    await page.getByTestId('apps-table').getByText(`组建：${unionName}`).click();
    await page.getByTestId('app-result').waitFor();
    assert.equal(await page.getByTestId('app-approve').count(), 0, 'approved: nothing to decide');
    await page.getByTestId('app-record').click();
    await page.waitForURL(/\/orgs\?id=\d+/);
    const founded = (await api(page, 'GET', `/api/v1/enterprises/${enterprise.body.id}`)).body.union_id;
    assert.ok(page.url().endsWith(`/orgs?id=${founded}`), page.url());
    await county.done('approval-facts-county');
  });

  it('the city sees an archive waiting for the county\'s review without buttons, and who must act, in English too', async () => {
    // A deep-hardship archive is reviewed by the county first: the city may not decide it yet.
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk');
    const me = (await api(clerk.page, 'GET', '/api/v1/auth/me')).body;
    const unions = (await api(clerk.page, 'GET', `/api/v1/orgs?q=${encodeURIComponent(`审批浏览器公司工会${tag}`)}`)).body.items;
    assert.equal(unions.length, 1, JSON.stringify(unions));
    const name = `深困职工${tag}`;
    const m = await api(clerk.page, 'POST', '/api/v1/members', { org_id: unions[0].id, name, id_number: idNumber(), phone: '13812345678', employer: '测试公司', category: 'front_line', join_date: '2020-05-01' });
    assert.equal(m.status, 201, JSON.stringify(m.body));
    const deep = await api(clerk.page, 'POST', '/api/v1/hardship/archives', {
      member_id: m.body.id, causes: ['illness'],
      household: [{ name, relation: 'self', age: 55, health: 'serious', schooling: 'none', annual_income_fen: 600000 }],
      income_sources: [{ source: 'wages', monthly_fen: 50000 }], medical_spending_fen: 0, school_spending_fen: 0,
    });
    assert.equal(deep.status, 201, JSON.stringify(deep.body));
    assert.equal(deep.body.tier, 'city');
    assert.equal((await api(clerk.page, 'POST', `/api/v1/hardship/archives/${deep.body.id}/submit`)).status, 200);
    assert.ok(me.org_id > 0);
    await clerk.context.close();

    const city = await open(browser);
    const page = city.page;
    await signIn(page, 'city_admin', undefined, '/applications?tab=all&kind=hardship_archive&state=submitted&level=county');
    await page.getByTestId('apps-table').getByText(name).first().click();
    await page.getByTestId('app-detail').getByText('深度困难').first().waitFor();
    assert.match(await page.getByTestId('app-waiting').innerText(), /待 婺城区总工会 的.*审核/);
    assert.equal(await page.getByTestId('app-approve').count(), 0, 'the city does not do the county\'s review');
    assert.equal(await page.getByTestId('app-return').count(), 0);
    // The drawer covers the language switch: closed, switched, opened again.
    await page.keyboard.press('Escape');
    await page.getByTestId('app-detail').waitFor({ state: 'detached' });
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('apps-table').getByText(name).first().click();
    await page.getByTestId('app-detail').getByText('Level applied for').waitFor();
    await page.getByTestId('app-detail').getByText('deep hardship').first().waitFor();
    assert.match(await page.getByTestId('app-waiting').innerText(), /Waiting for a .* of 婺城区总工会 to decide/);
    await drawerOpen(page);
    await page.screenshot({ path: new URL('./screenshots/approval-facts-city-en.png', import.meta.url).pathname });
    await page.keyboard.press('Escape');
    await page.getByTestId('app-detail').waitFor({ state: 'detached' });
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-zh').click();
    await city.done('approval-facts-city');
  });
});
