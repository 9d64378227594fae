// Imports as a clerk does them (issue 15, items 3, 7 and 10): bank accounts in bulk with a refused
// line shown on the page (in Chinese and in English), a settlement feed with Chinese labels made
// from the downloaded template, and a file edited after it was chosen.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, launch, open, signIn } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'nj-imports-'));
const write = (name, text) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (first17) => '10X98765432'[[...first17].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const digits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
function freshId() {
  const first17 = `3307021954${String(1 + Math.floor(Math.random() * 9)).padStart(2, '0')}1${Math.floor(Math.random() * 9)}${digits(3)}`;
  return first17 + checkChar(first17);
}
// A Luhn-valid 19-digit card number.
function card() {
  const first18 = `622202${digits(12)}`;
  for (let d = 0; d < 10; d++) {
    const n = first18 + d;
    const sum = [...n].reverse().reduce((a, c, i) => {
      let v = Number(c);
      if (i % 2 === 1 && (v *= 2) > 9) v -= 9;
      return a + v;
    }, 0);
    if (sum % 10 === 0) return n;
  }
  throw new Error('no check digit');
}
const badLuhn = (n) => n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10);
const stamp = `${process.pid % 1000}${Date.now() % 100000}`;

async function addMember(page, name) {
  const union = (await api(page, 'GET', '/api/v1/members?limit=1')).body.items[0].org_id;
  const id = freshId();
  const made = await api(page, 'POST', '/api/v1/members', {
    org_id: union, name, id_number: id, phone: `139${digits(8)}`, employer: '导入测试公司', category: 'front_line', join_date: '2020-05-01',
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return { ...made.body, idNumber: id };
}

describe('imports: templates, the upload box and the refused lines', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('imports bank accounts: a dry run lists the refused line on the page, then the real run stores the good one', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'wucheng_admin');
    const a = await addMember(page, `账户甲${stamp}`);
    const b = await addMember(page, `账户乙${stamp}`);
    const bad = badLuhn(card());
    const file = write('银行账户.csv', `身份证号,户名,开户行,账号\r\n${a.idNumber},${a.name},中国工商银行,${card()}\r\n${b.idNumber},${b.name},中国建设银行,${bad}\r\n`);

    await page.getByTestId('menu-payout-account-import').click();
    await page.getByTestId('template-bank_accounts-xlsx').waitFor();
    assert.equal(await page.getByTestId('template-bank_accounts-csv').getAttribute('href'), '/api/v1/imports/templates/bank_accounts?format=csv');
    await page.getByTestId('accounts-file').setInputFiles(file);
    assert.equal(await page.getByTestId('accounts-file-name').innerText(), '银行账户.csv');
    assert.match(await page.getByTestId('accounts-file-size').innerText(), /^\d+ B$/);
    assert.equal(await page.getByTestId('accounts-dry-run').locator('input').isChecked(), true, 'a check first');
    await page.getByTestId('accounts-start').click();
    await page.getByTestId('accounts-done').waitFor();
    assert.equal(await page.getByTestId('accounts-stored').innerText(), '1');
    assert.equal(await page.getByTestId('accounts-refused').innerText(), '1');
    const row = page.getByTestId('accounts-problems').locator('tbody tr');
    assert.equal(await row.count(), 1);
    const cells = await row.first().locator('td').allInnerTexts();
    assert.equal(cells[0], '3', 'the line');
    assert.equal(cells[1], '账号', 'the column');
    assert.ok(!cells[2].includes(bad) && /\*/.test(cells[2]), `the value masked: ${cells[2]}`);
    assert.match(cells[3], /校验位不符/, 'the reason in Chinese');
    assert.equal((await api(page, 'GET', `/api/v1/members/${a.id}/bank-accounts`)).body.items.length, 0, 'the check stored nothing');

    // The report in the UI's language: the same line in English.
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-en').click();
    await page.getByTestId('accounts-problems').getByText(/fails its check digit/).waitFor();
    await page.getByTestId('lang-button').click();
    await page.getByTestId('lang-zh').click();

    // For real; the report downloads.
    await page.getByTestId('accounts-dry-run').click();
    await page.getByTestId('accounts-start').click();
    await page.getByTestId('accounts-done').getByText(/保存 1 个账户/).waitFor();
    const accounts = (await api(page, 'GET', `/api/v1/members/${a.id}/bank-accounts`)).body.items;
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0].bank_code, '102');
    const download = page.waitForEvent('download');
    await page.getByTestId('accounts-problems-report').click();
    assert.ok(readFileSync(await (await download).path()).length > 0);
    await s.done('imports-accounts');
  });

  it('a settlement feed made from the downloaded template, with Chinese labels, is accepted', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'wucheng_admin');
    const m = await addMember(page, `互助模板${stamp}`);
    const code = `TP${stamp}`;
    const year = new Date().getUTCFullYear() - 1;
    const plan = await api(page, 'POST', '/api/v1/aid/plans', {
      code, name: `模板测试方案 ${code}`, start: `${year}-01-01`, end: `${year}-12-31`, contribution_fen: 5000, waiting_days: 0, overall_cap_fen: 6000000,
      benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
      critical_illness: { icd10_prefixes: ['C'], lump_sum_fen: 500000 },
    });
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    const enrolled = await api(page, 'POST', `/api/v1/aid/plans/${code}/enrolments`, { member_ids: [m.id], start: `${year}-01-01` });
    assert.ok(enrolled.status < 300, JSON.stringify(enrolled.body));

    await page.goto(`${new URL(page.url()).origin}/aid/ingest?plan=${code}`);
    await page.getByTestId('template-settlement-csv').waitFor();
    const download = page.waitForEvent('download');
    await page.getByTestId('template-settlement-csv').click();
    const template = readFileSync(await (await download).path(), 'utf8');
    const header = template.replace(/^\uFEFF/, '').trim();
    assert.match(header, /^结算单号\*,身份证号\*,姓名\*/, 'Chinese headers');
    assert.match(header, /就诊类型\*（住院\/门诊特殊病\/普通门诊）/, 'the allowed values listed');
    const line = (id, visit, type) => [id, m.idNumber, m.name, '金华市中心医院', `${year}-05-01`, `${year}-05-05`, visit, 'K35.8', '3000.00', '1000.00', '2000.00', '0.00', type, ''].join(',');
    const file = write('结算数据.csv', `\uFEFF${header}\r\n${line(`ZY${stamp}`, '住院', '结算')}\r\n${line(`JZ${stamp}`, '急诊', '结算')}\r\n`);

    await page.getByTestId('ingest-file').setInputFiles(file);
    assert.equal(await page.getByTestId('ingest-file-name').innerText(), '结算数据.csv');
    await page.getByTestId('ingest-start').click();
    await page.getByTestId('ingest-done').waitFor();
    assert.equal(await page.getByTestId('ingest-records').innerText(), '2');
    assert.equal(await page.getByTestId('ingest-count-paid').innerText(), '1', '住院 and 结算 read as their codes');
    assert.equal(await page.getByTestId('ingest-count-invalid').innerText(), '1');
    const cells = await page.getByTestId('ingest-problems').locator('tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 3), ['3', '就诊类型', `JZ${stamp}`]);
    assert.match(cells[3], /未知的就诊类型（应为住院、门诊特殊病或普通门诊）：急诊/);
    await s.done('imports-feed-template');
  });

  it('a file edited after it was chosen is read as it is now, or refused with a message, never ignored', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'wucheng_admin');
    const a = await addMember(page, `改动甲${stamp}`);
    const b = await addMember(page, `改动乙${stamp}`);
    const first = `身份证号,户名,开户行,账号\r\n${a.idNumber},${a.name},102,${card()}\r\n`;
    const file = write('改动.csv', first);
    await page.getByTestId('menu-payout-account-import').click();
    await page.getByTestId('accounts-file').setInputFiles(file);
    await page.getByTestId('accounts-start').click();
    await page.getByTestId('accounts-done').waitFor();
    assert.equal(await page.getByTestId('accounts-rows').innerText(), '1');

    // Edited on disk after it was chosen, then uploaded again.
    writeFileSync(file, `${first}${b.idNumber},${b.name},105,${card()}\r\n`);
    await page.getByTestId('accounts-start').click();
    const reread = page.getByTestId('accounts-rows').getByText('2', { exact: true });
    const refused = page.locator('.el-message--error').getByText(/无法读取文件「改动\.csv」/);
    await reread.or(refused).waitFor();
    if (await refused.count()) {
      // Chromium will not read a file changed since it was chosen: it says so, and choosing the
      // same file again reads it as it is now.
      await page.getByTestId('accounts-file').setInputFiles(file);
      await page.getByTestId('accounts-start').click();
      await reread.waitFor();
    }
    assert.equal(await page.getByTestId('accounts-stored').innerText(), '2', 'the edited file as it is now');
    await s.done('imports-edited-file');
  });
});
