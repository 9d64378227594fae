// Imports a clerk can fill in (issue 15, items 3 and 7): a template for every import (CSV and
// .xlsx, Chinese headers, the allowed values listed), the settlement feed read with Chinese
// headers and labels, and bank accounts in bulk (身份证号, 户名, 开户行, 账号): the member found by
// the ID number within the caller's scope, the holder checked, the number by length and Luhn, a
// dry run then the real run, audited with the account each one replaces.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { Client, memberBody, newId, sql, uniqueName } from './lib.mjs';

const tag = `${process.pid % 10000}${Date.now() % 100000}`;
const count = (statement) => Number(/n=(-?\d+)/.exec(sql(statement))[1]);

async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running');
}

async function run(client, path, body) {
  const started = await client.request('POST', path, { raw: body, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  const job = await waitJob(client, started.body.id);
  assert.equal(job.state, 'done', job.error);
  return job;
}

const csvHeader = (text) => text.replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');

describe('import templates', () => {
  let clerk;
  before(async () => {
    clerk = await Client.login('township_clerk');
  });

  const EXPECTED = {
    members: ['姓名*', '身份证号*'],
    enrolment: ['身份证号*'],
    settlement: ['结算单号*', '身份证号*', '就诊类型*', '记录类型*'],
    bank_accounts: ['身份证号*', '户名*', '开户行*', '账号*'],
  };

  it('lists every import\'s template', async () => {
    const r = await clerk.get('/api/v1/imports/templates');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((i) => i.name).sort(), Object.keys(EXPECTED).sort());
    assert.ok(r.body.items.every((i) => /模板/.test(i.title)), JSON.stringify(r.body.items));
  });

  for (const [name, headers] of Object.entries(EXPECTED)) {
    it(`downloads the ${name} template as .xlsx: Chinese headers, then a notes sheet`, async () => {
      const r = await clerk.get(`/api/v1/imports/templates/${name}?format=xlsx`);
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type'), /spreadsheetml/);
      assert.match(r.headers.get('content-disposition'), /filename\*=UTF-8''.*%E6%A8%A1%E6%9D%BF\.xlsx/, 'named 「…模板.xlsx」');
      const rows = await readSheet(r.bytes);
      assert.equal(rows.length, 1, 'the header alone: no comment row that would read as data');
      for (const h of headers) assert.ok(rows[0].includes(h), `${h} in ${rows[0]}`);
      const notes = await readSheet(r.bytes, 2);
      assert.deepEqual(notes[0].slice(0, 3), ['列名', 'Column', '必填 Required']);
      assert.equal(notes.length, rows[0].length + 1, 'a line of notes per column');
    });

    it(`downloads the ${name} template as CSV with its allowed values in the header`, async () => {
      const r = await clerk.get(`/api/v1/imports/templates/${name}?format=csv`);
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type'), /text\/csv/);
      const header = csvHeader(r.text);
      for (const h of headers) assert.ok(header.some((c) => c.startsWith(h)), `${h} in ${header}`);
    });
  }

  it('lists the allowed values: the feed\'s labels and codes, the banks', async () => {
    const csv = csvHeader((await clerk.get('/api/v1/imports/templates/settlement?format=csv')).text);
    assert.ok(csv.includes('就诊类型*（住院/门诊特殊病/普通门诊）'), csv.join(','));
    assert.ok(csv.includes('记录类型*（结算/冲正）'), csv.join(','));
    const notes = await readSheet((await clerk.get('/api/v1/imports/templates/settlement?format=xlsx')).bytes, 2);
    const visit = notes.find((r) => r[0] === '就诊类型');
    assert.match(visit[3], /住院（inpatient）/);
    assert.match(visit[4], /Inpatient \(inpatient\)/);
    const banks = await readSheet((await clerk.get('/api/v1/imports/templates/bank_accounts')).bytes, 2);
    assert.match(banks.find((r) => r[0] === '开户行')[3], /中国工商银行（102）/);
  });

  it('refuses an unknown template, a bad format, and a stranger', async () => {
    assert.equal((await clerk.get('/api/v1/imports/templates/nothing')).status, 404);
    const bad = await clerk.get('/api/v1/imports/templates/members?format=pdf');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'format');
    assert.equal((await new Client().get('/api/v1/imports/templates/members')).status, 401);
  });
});

describe('the settlement feed with Chinese headers and labels', () => {
  const CODE = `IM${tag}`;
  let county, member;

  before(async () => {
    county = await Client.login('wucheng_admin');
    const clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('模板导入公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    const id = newId('330702');
    const m = await county.post('/api/v1/members', memberBody(u.body.id, { name: '模板会员', id_number: id }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    member = { ...m.body, idNumber: id };
    const plan = await county.post('/api/v1/aid/plans', {
      code: CODE, name: `模板导入方案 ${CODE}`, start: '2025-01-01', end: '2025-12-31', contribution_fen: 5000,
      waiting_days: 0, overall_cap_fen: 6000000,
      benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
      critical_illness: { icd10_prefixes: ['C'], lump_sum_fen: 500000 },
    });
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    const e = await county.post(`/api/v1/aid/plans/${CODE}/enrolments`, { member_ids: [member.id], start: '2025-01-01' });
    assert.ok(e.status < 300, JSON.stringify(e.body));
  });

  it('accepts a feed made from the CSV template: 住院, 结算 and 冲正 read as their codes', async () => {
    const template = (await county.get('/api/v1/imports/templates/settlement?format=csv')).text.replace(/^\uFEFF/, '').trim();
    const line = (id, visit, type, original = '') => [id, member.idNumber, member.name, '金华市中心医院', '2025-05-01', '2025-05-05',
      visit, 'K35.8', '3000.00', '1000.00', '2000.00', '0.00', type, original].join(',');
    const feed = [template, line(`ZY${tag}`, '住院', '结算'), line(`JZ${tag}`, '急诊', '结算'), line(`BAD${tag}`, '住院', '补录')].join('\r\n') + '\r\n';
    const dry = await run(county, `/api/v1/aid/plans/${CODE}/ingest?dry_run=1&file_name=feed.csv`, feed);
    assert.equal(dry.summary.records, 3);
    assert.equal(dry.summary.outcomes.paid, 1, JSON.stringify(dry.summary));
    assert.equal(dry.summary.outcomes.invalid, 2);
    const report = (await county.get(`/api/v1/jobs/${dry.id}/file`)).text;
    assert.match(report, /未知的就诊类型（应为住院、门诊特殊病或普通门诊）：急诊/);
    assert.match(report, /未知的记录类型（应为结算或冲正）：补录/);

    const real = await run(county, `/api/v1/aid/plans/${CODE}/ingest?file_name=feed.csv`, feed);
    assert.equal(real.summary.outcomes.paid, 1);
    assert.equal(real.summary.paid_fen, 75000);
    // The reversal, by its Chinese label, takes the payment back.
    const reversal = [template, line(`CZ${tag}`, '住院', '冲正', `ZY${tag}`)].join('\r\n') + '\r\n';
    const back = await run(county, `/api/v1/aid/plans/${CODE}/ingest?file_name=reversal.csv`, reversal);
    assert.equal(back.summary.outcomes.reversal, 1, JSON.stringify(back.summary));
  });

  it('reads the English codes and headers as before, and names a missing column in Chinese', async () => {
    const header = 'settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,original_settlement_id';
    const feed = `${header}\r\nEN${tag},${member.idNumber},x,医院,2025-05-01,2025-05-05,inpatient,K35.8,3000.00,1000.00,2000.00,0.00,normal,\r\n`;
    const dry = await run(county, `/api/v1/aid/plans/${CODE}/ingest?dry_run=1`, feed);
    assert.equal(dry.summary.outcomes.paid, 1);
    const started = await county.request('POST', `/api/v1/aid/plans/${CODE}/ingest?dry_run=1`, { raw: '结算单号,身份证号\r\nX,Y\r\n' });
    const failed = await waitJob(county, started.body.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error, /缺少「姓名」列/);
  });
});

describe('bank accounts in bulk', () => {
  let county, yiwu, union, yiwuMember;
  const people = [];
  // A Luhn-valid 19-digit card number ending in `k` digits of the test's own.
  const card = (seed) => {
    const first18 = `622202${String(seed).padStart(12, '0')}`.slice(0, 18);
    for (let d = 0; d < 10; d++) {
      const n = first18 + d;
      let sum = 0;
      [...n].reverse().forEach((c, i) => {
        let v = Number(c);
        if (i % 2 === 1 && (v *= 2) > 9) v -= 9;
        sum += v;
      });
      if (sum % 10 === 0) return n;
    }
    throw new Error('no check digit');
  };
  const flip = (n) => n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10);

  before(async () => {
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    const clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('账户导入公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    for (const name of ['钱一', '钱二', '钱三', '钱四']) {
      const id = newId('330702');
      const m = await county.post('/api/v1/members', memberBody(union.id, { name, id_number: id }));
      assert.equal(m.status, 201, JSON.stringify(m.body));
      people.push({ ...m.body, idNumber: id });
    }
    const yiwuUnion = (await yiwu.get(`/api/v1/orgs?parent_id=${yiwu.me.org_id}`)).body.items[0];
    const id = newId('330782');
    let m = await yiwu.post('/api/v1/members', memberBody(yiwuUnion.id, { name: '义乌钱五', id_number: id }));
    if (m.status !== 201) {
      // The county's first child may not take members: find a grassroots union below it.
      const { firstGrassroots } = await import('./lib.mjs');
      m = await yiwu.post('/api/v1/members', memberBody((await firstGrassroots(yiwu, yiwu.me.org_id)).id, { name: '义乌钱五', id_number: id }));
    }
    assert.equal(m.status, 201, JSON.stringify(m.body));
    yiwuMember = { ...m.body, idNumber: id };
  });

  const accountsOf = (memberId) => count(`SELECT 'n=' || COUNT(*) FROM payout_account WHERE member_id = ${memberId}`);

  function file(seed) {
    const [a, b, c, d] = people;
    return [
      '身份证号,户名,开户行,账号',
      `${a.idNumber},${a.name},中国工商银行,${card(seed)}`,                 // 2: good, by the bank's name
      `${b.idNumber}, ${b.name} ,105,${card(seed + 1).replace(/(\d{4})/g, '$1 ').trim()}`, // 3: good, by code, spaced
      `${c.idNumber},${c.name},中国农业银行,${flip(card(seed + 2))}`,        // 4: fails Luhn
      `${d.idNumber},张冒名,中国银行,${card(seed + 3)}`,                     // 5: the wrong holder
      `${newId('330702')},无此人,中国银行,${card(seed + 4)}`,                // 6: no such member
      `${yiwuMember.idNumber},${yiwuMember.name},中国银行,${card(seed + 5)}`, // 7: another county's member
      `${a.idNumber},${a.name},中国工商银行,${card(seed + 6)}`,              // 8: the same member again
      `${d.idNumber},${d.name},火星银行,${card(seed + 7)}`,                  // 9: no such bank
      `${d.idNumber},${d.name},农村商业银行,${flip(card(seed + 8))}`,        // 10: a bank without the check: stored
    ].join('\r\n') + '\r\n';
  }

  it('a dry run checks every line and stores nothing; the real run stores the good lines, audited', async () => {
    const seed = Number(tag) * 10;
    const body = file(seed);
    const auditBefore = count("SELECT 'n=' || COUNT(*) FROM audit_log WHERE action = 'bank_account'");
    const dry = await run(county, '/api/v1/imports/bank-accounts?dry_run=1&file_name=accounts.csv', body);
    assert.equal(dry.summary.dry_run, true);
    assert.deepEqual([dry.summary.rows, dry.summary.stored, dry.summary.refused], [9, 3, 6], JSON.stringify(dry.summary));
    for (const p of [...people, yiwuMember]) assert.equal(accountsOf(p.id), 0, 'a dry run stores nothing');
    assert.equal(count("SELECT 'n=' || COUNT(*) FROM audit_log WHERE action = 'bank_account'"), auditBefore);

    const byLine = Object.fromEntries(dry.summary.problems.map((p) => [p.line, p]));
    assert.deepEqual(Object.keys(byLine).map(Number), [4, 5, 6, 7, 8, 9]);
    assert.equal(byLine[4].field, '账号');
    assert.match(byLine[4].reason, /Luhn/);
    assert.match(byLine[4].reason_en, /check digit/);
    assert.doesNotMatch(byLine[4].value, /^\d{19}$/, 'the number masked');
    assert.equal(byLine[5].field, '户名');
    assert.match(byLine[5].reason, /户名应与会员姓名「钱四」一致/);
    assert.match(byLine[5].reason_en, /holder must be the member's name/);
    // Another county's member answers exactly as no member at all.
    assert.equal(byLine[6].reason, '会员不存在或不在您的管辖范围内');
    assert.equal(byLine[7].reason, byLine[6].reason);
    assert.equal(byLine[7].reason_en, byLine[6].reason_en);
    assert.ok(!JSON.stringify(dry).includes(yiwuMember.name), 'nothing of the other county shown');
    assert.match(byLine[7].value, /^\d{3}\*+\d{3}[\dX]$/, 'the ID number masked');
    assert.match(byLine[8].reason, /第 2 行/);
    assert.equal(byLine[9].field, '开户行');

    const real = await run(county, '/api/v1/imports/bank-accounts?file_name=accounts.csv', body);
    assert.deepEqual([real.summary.stored, real.summary.refused, real.summary.dry_run], [3, 6, false]);
    assert.equal(accountsOf(people[0].id), 1);
    assert.equal(accountsOf(people[1].id), 1);
    assert.equal(accountsOf(people[2].id), 0, 'the bad Luhn line stored nothing');
    assert.equal(accountsOf(people[3].id), 1, 'the right holder at a bank without the check');
    assert.equal(accountsOf(yiwuMember.id), 0, 'another county\'s member untouched');
    const accounts = (await county.get(`/api/v1/members/${people[1].id}/bank-accounts`)).body.items;
    assert.equal(accounts[0].bank_code, '105');
    assert.equal(accounts[0].holder, '钱二');
    assert.match(accounts[0].reason, /批量导入：accounts\.csv/);
    assert.equal(count("SELECT 'n=' || COUNT(*) FROM audit_log WHERE action = 'bank_account'"), auditBefore + 3, 'each account audited');
    assert.equal(count(`SELECT 'n=' || COUNT(*) FROM audit_log WHERE action = 'import_file' AND entity = 'bank_account'`) >= 2, true, 'the file audited, the dry run too');

    // The report file: the shared row-problem shape.
    const report = await county.get(`/api/v1/jobs/${real.id}/file`);
    const rows = await readSheet(report.bytes);
    assert.deepEqual(rows[0], ['行号', '列', '值', '原因', 'Reason']);
    assert.equal(rows.length, 7);

    // Again: the same accounts are unchanged; a new number replaces the old, audited with it.
    const again = await run(county, '/api/v1/imports/bank-accounts', body);
    assert.deepEqual([again.summary.stored, again.summary.unchanged], [0, 3]);
    const changed = `身份证号,户名,开户行,账号\r\n${people[0].idNumber},${people[0].name},102,${card(seed + 9)}\r\n`;
    const replaced = await run(county, '/api/v1/imports/bank-accounts', changed);
    assert.equal(replaced.summary.stored, 1);
    assert.equal(accountsOf(people[0].id), 2, 'the old account kept as history');
    const audit = sql(`SELECT before FROM audit_log WHERE action = 'bank_account' AND entity_id = '${people[0].id}' ORDER BY id DESC LIMIT 1`);
    assert.match(audit, /6222 \*\*\*\* \*\*\*\* /, `the before image names the account replaced: ${audit}`);
  });

  it('another county\'s admin imports nothing into this county; a file without a column is refused', async () => {
    const body = `身份证号,户名,开户行,账号\r\n${people[2].idNumber},${people[2].name},102,${card(Number(tag) * 10 + 50)}\r\n`;
    const job = await run(yiwu, '/api/v1/imports/bank-accounts', body);
    assert.deepEqual([job.summary.stored, job.summary.refused], [0, 1]);
    assert.equal(job.summary.problems[0].reason, '会员不存在或不在您的管辖范围内');
    assert.equal(accountsOf(people[2].id), 0);
    const started = await county.request('POST', '/api/v1/imports/bank-accounts', { raw: '身份证号,户名,账号\r\n1,2,3\r\n' });
    const failed = await waitJob(county, started.body.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error, /缺少「开户行」列/);
    const empty = await county.request('POST', '/api/v1/imports/bank-accounts', { raw: '' });
    assert.equal(empty.status, 400);
  });
});
