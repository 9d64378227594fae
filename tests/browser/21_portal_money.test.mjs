// The member's money on a phone (issue 16): the bank card bound on its own page (a bad number
// refused on the field, a good one shown masked), a payment showing the card it went to, a claim
// submitted with a photo showing the rules' amount as an estimate and, once a clerk decides it,
// the decided amount. Then the three pages on a common and a narrow phone, in Chinese and in
// English: nothing wider than the phone, no number, date or amount broken over two lines.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, PASSWORD, PHONE, PORTAL_PASSWORD, PORTAL_PHONE, SMALL_PHONE, api, field, launch, luhn, open } from './lib.mjs';

const stamp = Date.now() % 1e8;
const CODE = `BM${stamp}`;
const LAST = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() - 1; // a stay of last year


// The fields of a generic bank file's D lines: D, seq, item id, account, holder, bank, amount, purpose.
const payments = (file) => file.split('\r\n').filter((l) => l.startsWith('D,')).map((l) => l.split(','));

// A clerk's session for the API alone (the clerks' steps here are not what is tested): signed in
// by the sign-in route from a page of the site.
async function staff(browser, username) {
  const s = await open(browser);
  await s.page.goto(`${BASE}/favicon.svg`);
  const status = await s.page.evaluate(async ([username, password]) => (await fetch('/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  })).status, [username, PASSWORD]);
  assert.equal(status, 200, `sign-in of ${username}`);
  return s;
}

async function signInPortal(page) {
  await page.goto(BASE + '/m/login');
  await field(page, 'portal-phone').fill(PORTAL_PHONE);
  await field(page, 'portal-password').fill(PORTAL_PASSWORD);
  await page.getByTestId('portal-submit').click();
  await page.waitForURL(/\/m\/card/);
}

// What does not fit: the page wider than the phone, an .nj-nowrap element on more than one line
// (its height above one line's) or past the phone's edge, a control under 44 px.
async function misfits(page) {
  return page.evaluate(() => {
    const out = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) out.push(`page ${overflow}px wider than the phone`);
    for (const e of document.querySelectorAll('.nj-nowrap')) {
      const box = e.getBoundingClientRect();
      if (!box.width) continue;
      const style = getComputedStyle(e);
      const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      if (e.getClientRects().length !== 1 || box.height > line * 1.5) out.push(`"${e.textContent}" on two lines (${box.height}px)`);
      if (box.right > window.innerWidth + 0.5) out.push(`"${e.textContent}" past the edge`);
    }
    for (const e of document.querySelectorAll('.van-button, .van-cell--clickable, .van-field, .van-action-sheet__item, .van-tabbar-item')) {
      const box = e.getBoundingClientRect();
      if (box.width && box.height < 43.5) out.push(`${e.className.split(' ')[0]} "${e.textContent.trim().slice(0, 20)}" ${box.height}px high`);
    }
    return out;
  });
}

describe('the member\'s money on a phone: bank card, payments, claims with the estimate', () => {
  let browser, member, county, city, me, good;
  const files = mkdtempSync(join(tmpdir(), 'nj-money-'));

  before(async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    browser = await launch();
    member = await open(browser, PHONE);
    await signInPortal(member.page);
    me = await member.page.evaluate(async () => (await fetch('/api/v1/portal/me')).json());
    // The county administrator whose scope holds the member; the city approves what they make.
    for (const user of ['yiwu_admin', 'wucheng_admin']) {
      const s = await staff(browser, user);
      if ((await api(s.page, 'GET', `/api/v1/members/${me.member_id}`)).status === 200) {
        county = s;
        break;
      }
      await s.context.close();
    }
    assert.ok(county, 'a county holds the portal member');
    city = await staff(browser, 'city_admin');
  });

  after(async () => {
    await county?.context.close();
    await city?.context.close();
    await browser?.close();
  });

  it('binds a card on its own page: a bad number refused on the field, a good one shown masked', async () => {
    const { page } = member;
    await page.getByTestId('tab-mine').click();
    await page.getByTestId('tile-bank-card').click();
    await page.getByTestId('bank-card').waitFor();
    await page.getByTestId('bank-card-edit').click();
    await page.getByTestId('bank-card-bank').click();
    await page.locator('.van-action-sheet').getByRole('button', { name: '中国工商银行', exact: true }).click();
    good = luhn(`622202${String(stamp).padStart(12, '7')}`.slice(0, 18));
    const bad = good.slice(0, -1) + ((Number(good.at(-1)) + 1) % 10);
    const error = (id) => page.getByTestId(id).locator('.van-field__error-message');
    // Too short, then a wrong check digit: both on the field, nothing sent.
    await field(page, 'bank-card-number').fill('6222 021');
    await field(page, 'bank-card-holder').fill('别人');
    await page.getByTestId('bank-card-save').click();
    await error('bank-card-number').getByText('卡号应为 8–30 位数字').waitFor();
    await field(page, 'bank-card-number').fill(bad);
    await page.getByTestId('bank-card-save').click();
    await error('bank-card-number').getByText(/校验位/).waitFor();
    // A good number in another's name: the server refuses the holder, on its field.
    await field(page, 'bank-card-number').fill(`${good.slice(0, 4)} ${good.slice(4, 8)} ${good.slice(8)}`);
    member.expectHttpError(400);
    await page.getByTestId('bank-card-save').click();
    await error('bank-card-holder').waitFor();
    assert.equal(await error('bank-card-number').count(), 0, 'the number is right now');
    await field(page, 'bank-card-holder').fill(me.name);
    await page.getByTestId('bank-card-save').click();
    await page.getByTestId('bank-card-tail').getByText(`尾号 ${good.slice(-4)}`).waitFor();
    assert.match(await page.getByTestId('bank-card-bound').innerText(), /中国工商银行/);
    assert.equal(await page.getByText(good.slice(0, 12)).count(), 0, 'the full number is nowhere');
    assert.deepEqual(await misfits(page), []);
  });

  it('shows a payment with the card it went to, from the payments page that leads to the card', async () => {
    const purpose = `浏览器发放测试（${stamp}）`;
    const item = await api(county.page, 'POST', '/api/v1/payout/items', {
      source_module: 'mutual_aid', source_id: `money-${stamp}`, member_id: me.member_id, amount_fen: 1234500, purpose, fund: 'mutual_aid',
    });
    assert.equal(item.status, 201, JSON.stringify(item.body));
    const batch = await api(county.page, 'POST', '/api/v1/payout/batches', { fund: 'mutual_aid', org_id: me.org_id });
    assert.equal(batch.status, 201, JSON.stringify(batch.body));
    assert.equal((await api(city.page, 'POST', `/api/v1/payout/batches/${batch.body.id}/approve`, { reason: '同意' })).status, 200);
    assert.equal((await api(county.page, 'POST', `/api/v1/payout/batches/${batch.body.id}/export`, { format: 'generic' })).status, 200);
    const file = await county.page.evaluate(async (p) => (await fetch(p)).text(), `/api/v1/payout/batches/${batch.body.id}/file`);
    const rows = payments(file);
    const result = [...rows.map((d) => `R,${d[2]},${d[3]},${d[6]},S,`), `T,${rows.length},${rows.reduce((s, d) => s + Number(d[6]), 0)}`, ''].join('\r\n');
    const started = await county.page.evaluate(async ([path, text]) => {
      const session = await (await fetch('/api/v1/auth/me')).json();
      const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': session.csrf_token }, body: text });
      return r.json();
    }, [`/api/v1/payout/batches/${batch.body.id}/reconcile?format=generic`, result]);
    let job = started;
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await county.page.waitForTimeout(50);
      job = (await api(county.page, 'GET', `/api/v1/jobs/${started.id}`)).body;
    }
    assert.equal(job.state, 'done', JSON.stringify(job));

    const { page } = member;
    await page.getByTestId('tab-services').click();
    await page.getByTestId('tile-payments').click();
    const paid = page.getByTestId('payment').filter({ hasText: purpose });
    await paid.waitFor();
    assert.equal(await paid.getByTestId('payment-amount').innerText(), '¥12,345.00');
    assert.equal(await paid.getByTestId('payment-state').innerText(), '已发放');
    assert.equal(await paid.getByTestId('payment-card').innerText(), `尾号 ${good.slice(-4)}`);
    assert.equal(await page.getByTestId('payments-card').getByText(`尾号 ${good.slice(-4)}`).count(), 1, 'the card, one tap away');
    assert.deepEqual(await misfits(page), []);
    await page.getByTestId('payments-card').click();
    await page.getByTestId('bank-card-bound').waitFor();
    await page.goBack();
    await page.getByTestId('portal-payments').waitFor();
  });

  it('shows a claim\'s estimate before the decision and the decided amount after it', async () => {
    const plan = {
      code: CODE, name: `钱包测试方案 ${stamp}`, start: `${LAST}-01-01`, end: `${LAST + 1}-12-31`, contribution_fen: 5000, waiting_days: 90, overall_cap_fen: 6000000,
      benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: 1000000, percent: 50 }, { up_to_fen: null, percent: 60 }] }],
      critical_illness: { icd10_prefixes: ['C'], lump_sum_fen: 500000 },
    };
    assert.equal((await api(city.page, 'POST', '/api/v1/aid/plans', plan)).status, 201);
    const enrolled = await api(county.page, 'POST', `/api/v1/aid/plans/${CODE}/enrolments`, { start: `${LAST}-01-01`, member_ids: [me.member_id] });
    assert.equal(enrolled.body.enrolled, 1, JSON.stringify(enrolled.body));

    const paper = await member.context.newPage();
    await paper.setContent('<div id="invoice" style="width:300px;padding:16px;font:16px sans-serif;background:#fffbe6">住院收费票据 ¥20,000.00</div>');
    const photo = join(files, 'invoice.png');
    writeFileSync(photo, await paper.locator('#invoice').screenshot());
    await paper.close();

    const { page } = member;
    await page.getByTestId('tab-services').click();
    await page.getByTestId('tile-aid').click();
    await page.getByTestId('portal-aid-new').click();
    await page.getByTestId('portal-claim-plan').click();
    await page.locator('.van-action-sheet').getByRole('button', { name: plan.name, exact: true }).click();
    await page.getByTestId('portal-claim-visit-inpatient').click();
    await field(page, 'portal-claim-hospital').fill('金华市中心医院');
    await field(page, 'portal-claim-admission').fill(`${LAST}-05-02`);
    await field(page, 'portal-claim-discharge').fill(`${LAST}-05-12`);
    await field(page, 'portal-claim-total').fill('20000');
    await field(page, 'portal-claim-fund_paid').fill('12000');
    await field(page, 'portal-claim-self_paid_in_scope').fill('7000.00');
    await field(page, 'portal-claim-self_paid_out_of_scope').fill('1000');
    // Without a photo: refused on the form.
    await page.getByTestId('portal-claim-submit').click();
    await page.getByTestId('portal-claim-file-error').waitFor();
    await page.getByTestId('portal-claim-photos').locator('input[type=file]').setInputFiles(photo);
    await page.getByTestId('portal-claim-photos').locator('.van-uploader__preview img').waitFor();
    assert.deepEqual(await misfits(page), []);
    await page.getByTestId('portal-claim-submit').click();
    await page.waitForURL(/\/m\/aid$/);

    // 7000 in scope − 500 deductible = 6500 at 50 %: ¥3,250.00, an estimate.
    const claim = page.getByTestId('portal-claim').filter({ hasText: `${LAST}-05-12` }).first();
    await claim.waitFor();
    const id = Number(await claim.getAttribute('data-id'));
    assert.equal(await claim.getByTestId('portal-claim-estimate').innerText(), '¥3,250.00');
    assert.match(await claim.getByTestId('portal-claim-estimate-note').innerText(), /预估，以审核结果为准/);
    assert.equal(await claim.getByTestId('portal-claim-amount').count(), 0);
    assert.equal(await claim.getByTestId('portal-claim-thumb').count(), 1, 'the photo went with it');
    assert.deepEqual(await misfits(page), []);

    // A clerk checks it and another approves it, through the API.
    assert.equal((await api(county.page, 'POST', `/api/v1/aid/hand-claims/${id}/check`)).status, 200);
    const approved = await api(city.page, 'POST', `/api/v1/aid/hand-claims/${id}/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.amount_fen, 325000, 'the estimate was what the rules paid');
    await page.reload();
    const decided = page.locator(`[data-testid="portal-claim"][data-id="${id}"]`);
    await decided.getByTestId('portal-claim-state').getByText('已批准').waitFor();
    assert.equal(await decided.getByTestId('portal-claim-amount').innerText(), '¥3,250.00');
    assert.equal(await decided.getByTestId('portal-claim-estimate').count(), 0, 'decided: no estimate');
    await member.done('money-phone');
  });

  for (const [name, device] of [['phone', PHONE], ['small phone', SMALL_PHONE]]) {
    it(`fits a ${name} (${device.viewport.width} px) in Chinese and in English`, async () => {
      const m = await open(browser, device);
      await signInPortal(m.page);
      for (const lang of ['zh', 'en']) {
        if (lang === 'en') await m.page.getByTestId('lang-button').click();
        for (const path of ['/m/payments', '/m/bank-card', '/m/aid']) {
          await m.page.goto(BASE + path);
          await m.page.getByTestId({ '/m/payments': 'payment', '/m/bank-card': 'bank-card-bound', '/m/aid': 'portal-claim' }[path]).first().waitFor();
          if (lang === 'en') await m.page.getByText({ '/m/payments': 'My payments', '/m/bank-card': 'My bank card for payments', '/m/aid': 'My claims' }[path]).first().waitFor();
          assert.deepEqual(await misfits(m.page), [], `${path} in ${lang}`);
          await m.page.screenshot({ path: new URL(`./screenshots/money-${device.viewport.width}-${lang}${path.replaceAll('/', '-')}.png`, import.meta.url).pathname, fullPage: true });
        }
      }
      await m.done(`money-${device.viewport.width}`);
    });
  }
});
