// Issue 13 items 2 and 4 for mutual aid and hardship: every amount, count, date and text from
// outside goes through the bounded parsers (400 naming the field, at most 64 characters of the
// value echoed); values stored out of bounds (by hand, or before the bounds) no longer break the
// plan's figures or the list of campaigns, and the route that wrote them writes them back; bank
// files refuse a control character whatever its source; exports neutralise formulas.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { Client, memberBody, newId, sql, uniqueName, chinaYear } from './lib.mjs';

const YEAR = chinaYear();
const tag = `${process.pid}${Date.now() % 100000}`;
const INT64_MAX = '9223372036854775807';
const INT64_MIN = '-9223372036854775808';

// A JSON body with one number written as text: JSON.stringify cannot write INT64_MAX exactly.
function withNumber(body, key, number) {
  const marker = `"__${key}__"`;
  return JSON.stringify({ ...body, [key]: '__' + key + '__' }).replace(marker, number);
}
const send = (client, method, path, text) => client.request(method, path, { raw: text });

// A refusal: 400 naming the field, echoing no more than a short prefix of what was sent.
function refused(r, field, message) {
  assert.equal(r.status, 400, `${message}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  assert.equal(r.body.field, field, message);
  assert.ok(!/x{65}/.test(r.text), `${message}: the answer echoes at most 64 characters`);
}

async function waitJob(client, id) {
  for (let i = 0; i < 200; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    assert.equal(job.status, 200);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running after 10 s');
}

describe('bounded input and safe reads: mutual aid and hardship', () => {
  let city, county, clerk, union, a, b, archiveId;
  const code = `B${tag}`;

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('边界测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const add = async (name) => {
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: newId() }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    a = await add('边界甲');
    b = await add('边界乙');
  });

  const plan = (over = {}) => ({
    code, name: `边界测试方案 ${code}`, start: `${YEAR}-01-01`, end: `${YEAR}-12-31`, contribution_fen: 5000,
    waiting_days: 0, overall_cap_fen: 6000000,
    benefits: [{ visit_type: 'inpatient', deductible_fen: 0, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
    ...over,
  });

  it('refuses plans out of bounds: INT64_MAX contribution, year 0000, a name with a line break', async () => {
    refused(await send(city, 'POST', '/api/v1/aid/plans', withNumber(plan(), 'contribution_fen', INT64_MAX)), 'contribution_fen', 'INT64_MAX contribution');
    refused(await city.post('/api/v1/aid/plans', plan({ contribution_fen: 1e12 + 1 })), 'contribution_fen', 'above 10¹² fen');
    refused(await city.post('/api/v1/aid/plans', plan({ start: '0000-01-01' })), 'start', 'year 0000');
    refused(await city.post('/api/v1/aid/plans', plan({ name: '方案\r\nD,0000000002' })), 'name', 'a control character');
    refused(await city.post('/api/v1/aid/plans', plan({ name: 'x'.repeat(200000) })), 'name', 'a long name');
    const made = await city.post('/api/v1/aid/plans', plan());
    assert.equal(made.status, 201, JSON.stringify(made.body));
  });

  it('refuses contributions paid out of bounds, each naming its field', async () => {
    const path = `/api/v1/aid/plans/${code}/payments`;
    const good = { org_id: union.id, amount_fen: 500000, paid_on: `${YEAR}-01-02`, reference: '回单 1' };
    refused(await send(clerk, 'POST', path, withNumber(good, 'amount_fen', INT64_MAX)), 'amount_fen', 'INT64_MAX');
    refused(await clerk.post(path, { ...good, amount_fen: -1 }), 'amount_fen', 'negative');
    refused(await clerk.post(path, { ...good, amount_fen: '500000' }), 'amount_fen', 'a string');
    refused(await clerk.post(path, { ...good, paid_on: '0000-01-01' }), 'paid_on', 'year 0000');
    refused(await clerk.post(path, { ...good, paid_on: '1899-12-31' }), 'paid_on', 'before 1900');
    refused(await clerk.post(path, { ...good, reference: '回单\r\n2' }), 'reference', 'CR/LF');
    refused(await clerk.post(path, { ...good, reference: 'x'.repeat(200000) }), 'reference', '200 000 characters');
    const hand = { plan_code: code, member_id: a.id, visit_type: 'inpatient', hospital: '金华市中心医院', admission_date: `${YEAR}-01-03`, discharge_date: `${YEAR}-01-05`, diagnosis_code: 'K35.8', total: '100.00', fund_paid: '0', self_paid_in_scope: '100.00', self_paid_out_of_scope: '0' };
    refused(await clerk.post('/api/v1/aid/hand-claims', { ...hand, admission_date: '0000-01-01' }), 'admission_date', 'year 0000');
    refused(await clerk.post('/api/v1/aid/hand-claims', { ...hand, total: '92233720368547758.07' }), 'total', 'yuan past int64');
    refused(await clerk.post('/api/v1/aid/hand-claims', { ...hand, hospital: '医院\u0000' }), 'hospital', 'a NUL');
    refused(await send(county, 'PUT', `/api/v1/aid/plans/${code}/subsidies/${union.id}`, withNumber({}, 'per_member_fen', INT64_MAX)), 'per_member_fen', 'INT64_MAX subsidy');
  });

  it('answers the plan figures with an amount stored out of bounds, and a route writes it back', async () => {
    const path = `/api/v1/aid/plans/${code}/payments`;
    const paid = [];
    for (const reference of ['回单 1', '回单 2']) {
      const r = await clerk.post(path, { org_id: union.id, amount_fen: 500000, paid_on: `${YEAR}-01-02`, reference });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      paid.push(r.body.id);
    }
    // By hand, as before the bounds: the sum of the two overflows int64.
    sql(`UPDATE aid_payment SET amount_fen = ${INT64_MAX} WHERE id = ${paid[0]}`);
    const stats = await county.get(`/api/v1/aid/plans/${code}/stats`);
    assert.equal(stats.status, 200, `the figures still answer: ${JSON.stringify(stats.body)}`);
    assert.ok(stats.body.paid_fen >= 1e12, 'the sum reads clamped, not wrapped');
    refused(await send(clerk, 'PUT', `${path}/${paid[0]}`, withNumber({ paid_on: `${YEAR}-01-02`, reference: '回单 1' }, 'amount_fen', INT64_MAX)), 'amount_fen', 'no INT64_MAX either');
    const yiwu = await Client.login('yiwu_admin');
    assert.equal((await yiwu.put(`${path}/${paid[0]}`, { amount_fen: 1, paid_on: `${YEAR}-01-02` })).status, 404, 'another county');
    const repaired = await clerk.put(`${path}/${paid[0]}`, { amount_fen: 500000, paid_on: `${YEAR}-01-02`, reference: '回单 1（更正）' });
    assert.equal(repaired.status, 200, JSON.stringify(repaired.body));
    assert.equal(repaired.body.amount_fen, 500000);
    const after = await county.get(`/api/v1/aid/plans/${code}/stats`);
    assert.equal(after.status, 200);
    assert.equal(after.body.paid_fen, 1000000);
    const audit = await county.get(`/api/v1/audit?action=payment_corrected&entity=aid_plan`);
    assert.ok(audit.body.items.some((e) => e.entity_id === code && e.before.includes(INT64_MAX)), 'audited with what it was');
  });

  it('refuses hardship amounts out of bounds: budget, standards, category cap, per head, the living standard', async () => {
    const campaign = { kind: 'summer_cooling', name: `${YEAR}年边界测试清凉`, year: YEAR, budget_fen: 100000, method: 'in_kind', standards: { outdoor: 5000 }, org_ids: [union.id] };
    refused(await send(county, 'POST', '/api/v1/hardship/campaigns', withNumber(campaign, 'budget_fen', INT64_MAX)), 'budget_fen', 'INT64_MAX budget');
    refused(await send(county, 'POST', '/api/v1/hardship/campaigns', JSON.stringify(campaign).replace('"outdoor":5000', `"outdoor":${INT64_MAX}`)), 'standards.outdoor', 'INT64_MAX standard');
    refused(await county.post('/api/v1/hardship/campaigns', { ...campaign, year: 0 }), 'year', 'year 0');
    refused(await county.post('/api/v1/hardship/campaigns', { ...campaign, name: '清凉\n' }), 'name', 'a line break in a name');
    refused(await send(city, 'PUT', '/api/v1/hardship/categories/legal', withNumber({}, 'cap_fen', INT64_MAX)), 'cap_fen', 'INT64_MAX cap');
    refused(await send(city, 'PUT', '/api/v1/hardship/categories/legal', withNumber({}, 'standard_fen', INT64_MAX)), 'standard_fen', 'INT64_MAX suggested amount');
    refused(await send(county, 'PUT', `/api/v1/hardship/standards/330702/${YEAR}`, withNumber({ relative_pct: 200 }, 'monthly_fen', INT64_MAX)), 'monthly_fen', 'INT64_MAX living standard');
    refused(await county.put(`/api/v1/hardship/standards/330702/1800`, { monthly_fen: 100000, relative_pct: 200 }), 'year', 'year 1800');
    refused(await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 100000, relative_pct: 501 }), 'relative_pct', 'above 500 %');

    const filed = await clerk.post('/api/v1/hardship/archives', {
      member_id: b.id, causes: ['illness'], income_sources: [], medical_spending_fen: 0, school_spending_fen: 0,
      household: [{ name: '边界乙', relation: 'self', age: 50, health: 'serious', schooling: 'none', annual_income_fen: 0 }],
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const archive = filed.body.id;
    archiveId = archive;
    refused(await send(clerk, 'POST', `/api/v1/hardship/archives/${archive}/months`, withNumber({ month: `${YEAR}-01` }, 'per_head_fen', INT64_MIN)), 'per_head_fen', 'INT64_MIN per head');
    refused(await clerk.post(`/api/v1/hardship/archives/${archive}/months`, { month: `${YEAR}-01`, per_head_fen: -1 }), 'per_head_fen', 'negative per head');
    refused(await clerk.post(`/api/v1/hardship/archives/${archive}/visits`, { kind: 'home', visited_on: '0000-01-01', visitors: '张三', findings: '' }), 'visited_on', 'a visit in year 0000');
    refused(await clerk.put(`/api/v1/hardship/archives/${archive}`, {
      member_id: b.id, causes: ['illness'], income_sources: [], medical_spending_fen: 0, school_spending_fen: 0,
      household: [{ name: '边界乙\r\n', relation: 'self', age: 50, health: 'serious', schooling: 'none', annual_income_fen: 0 }],
    }), 'household[0].name', 'a line break in a name');
    refused(await send(clerk, 'PUT', `/api/v1/hardship/archives/${archive}`, withNumber({ member_id: b.id, causes: ['illness'], household: [] }, 'medical_spending_fen', INT64_MAX)), 'medical_spending_fen', 'INT64_MAX spending');
    refused(await clerk.post(`/api/v1/hardship/archives/${archive}/override`, { level: 'deep', reason: 'x'.repeat(200000) }), 'reason', 'a long reason');
  });

  it('reads an optional date left empty as none, and still refuses year 0000', async () => {
    const sent = await clerk.post(`/api/v1/hardship/archives/${archiveId}/submit`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const app = sent.body.application_id;
    assert.equal((await county.post(`/api/v1/applications/${app}/approve`, {})).status, 200);
    if (sent.body.tier === 'city') assert.equal((await city.post(`/api/v1/applications/${app}/approve`, {})).status, 200);
    sql(`UPDATE hardship_archive SET notice_end = '2000-01-01' WHERE id = ${archiveId}`);
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${archiveId}`)).body.state, 'active');
    const path = `/api/v1/hardship/archives/${archiveId}/cause-resolved`;
    refused(await clerk.post(path, { on: '0000-01-01' }), 'on', 'year 0000');
    const set = await clerk.post(path, { on: `${YEAR}-01-02` });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const cleared = await clerk.post(path, { on: '' });
    assert.equal(cleared.status, 200, `"" clears the day: ${JSON.stringify(cleared.body)}`);
    refused(await clerk.post(`/api/v1/hardship/archives/${archiveId}/exit`, { on: '', reason: '已脱困' }), 'on', 'an exit needs its day');
  });

  it('answers the list of campaigns with amounts stored out of bounds, and the routes write them back', async () => {
    const created = await county.post('/api/v1/hardship/campaigns', { kind: 'summer_cooling', name: `${YEAR}年边界测试清凉`, year: YEAR, budget_fen: 100000, method: 'in_kind', standards: { outdoor: 5000 }, org_ids: [union.id] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const drawn = await county.post(`/api/v1/hardship/campaigns/${id}/draw`);
    assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
    assert.equal(drawn.body.added, 2);
    const target = `/api/v1/hardship/campaigns/${id}/targets`;
    refused(await send(county, 'PUT', `${target}/${a.id}`, withNumber({ included: true, reason: '更正' }, 'amount_fen', INT64_MAX)), 'amount_fen', 'INT64_MAX target');

    sql(`UPDATE hardship_campaign_target SET amount_fen = ${INT64_MAX} WHERE campaign_id = ${id}`);
    sql(`UPDATE hardship_campaign SET budget_fen = ${INT64_MAX} WHERE id = ${id}`);
    const list = await county.get(`/api/v1/hardship/campaigns?year=${YEAR}`);
    assert.equal(list.status, 200, `the list still answers: ${JSON.stringify(list.body).slice(0, 300)}`);
    assert.ok(list.body.items.some((k) => k.id === id));
    assert.equal((await county.get(`/api/v1/hardship/campaigns/${id}`)).status, 200);

    for (const m of [a, b]) {
      const r = await county.put(`${target}/${m.id}`, { included: true, amount_fen: 5000, reason: '金额更正' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const put = await county.put(`/api/v1/hardship/campaigns/${id}`, { name: `${YEAR}年边界测试清凉`, budget_fen: 100000, standards: { outdoor: 5000 }, org_ids: [union.id] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const back = await county.get(`/api/v1/hardship/campaigns/${id}`);
    assert.equal(back.body.budget_fen, 100000);
    assert.equal(back.body.progress.planned_fen, 10000);
    assert.equal(back.body.progress.budget_left_fen, 100000, 'nothing requested yet');
  });

  it('refuses a bank file whose purpose holds CR/LF written into the database', async () => {
    const account = await clerk.put(`/api/v1/members/${a.id}/bank-account`, { bank_code: '102', account_no: '6222600260001072444', holder: a.name, reason: '会员提供工资卡' });
    assert.equal(account.status, 200, JSON.stringify(account.body));
    const item = await clerk.post('/api/v1/payout/items', { source_module: 'mutual_aid', source_id: `bounded-${tag}`, member_id: a.id, amount_fen: 1000, purpose: '住院医疗互助金', fund: 'mutual_aid' });
    assert.equal(item.status, 201, JSON.stringify(item.body));
    sql(`UPDATE payout_item SET purpose = '医疗互助\r\nD,0000000002,999,6222600260001072444,攻击者,102,99999999,x' WHERE id = ${item.body.id}`);
    const batch = await clerk.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: union.id });
    assert.equal(batch.status, 201, JSON.stringify(batch.body));
    assert.equal((await county.post(`/api/v1/payout/batches/${batch.body.id}/approve`, { reason: '核对无误' })).status, 200);
    const exported = await clerk.post(`/api/v1/payout/batches/${batch.body.id}/export`, { format: 'generic' });
    assert.equal(exported.status, 400, `no bank file: ${exported.status} ${JSON.stringify(exported.body)}`);
    assert.equal(exported.body.field, 'purpose');
    assert.match(exported.body.detail, new RegExp(`${item.body.id}`), 'the item is named');
    const file = await clerk.get(`/api/v1/payout/batches/${batch.body.id}/file`);
    assert.notEqual(file.status, 200, 'nothing written');
    assert.equal((await clerk.post(`/api/v1/payout/batches/${batch.body.id}/cancel`, { reason: '用途含控制字符' })).status, 200);
  });

  it('neutralises formulas in exports: an .xlsx cell and the settlement report start with \'', async () => {
    const child = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('公式测试工会'), division_code: '330702' });
    assert.equal(child.status, 201, JSON.stringify(child.body));
    sql(`UPDATE org SET name = '=HYPERLINK("http://evil.example/","点此")', address = '@SUM(1)' WHERE id = ${child.body.id}`);
    const started = await county.post('/api/v1/exports', { list: 'orgs', filters: { parent_id: String(clerk.me.org_id) } });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitJob(county, started.body.id);
    assert.equal(job.state, 'done', JSON.stringify(job));
    const sheet = await readSheet((await county.get(`/api/v1/jobs/${job.id}/file`)).bytes);
    const row = sheet.find((r) => String(r[0]).includes('HYPERLINK'));
    assert.equal(row[0], '\'=HYPERLINK("http://evil.example/","点此")');
    assert.equal(row[6], '\'@SUM(1)');

    const header = 'settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,original_settlement_id';
    const line = (id, admission) => [id, newId(), '某人', '金华市中心医院', admission, `${YEAR}-01-05`, 'inpatient', 'K35.8', '100.00', '0.00', '100.00', '0.00', 'normal', ''].join(',');
    const body = [header, line(`=1+2${tag}`, `${YEAR}-01-03`), line(`YB${tag}`, '0000-01-01')].join('\r\n') + '\r\n';
    const ingest = await city.request('POST', `/api/v1/aid/plans/${code}/ingest?file_name=bounded.csv`, { raw: Buffer.from(body), headers: { 'content-type': 'text/csv' } });
    assert.equal(ingest.status, 202, JSON.stringify(ingest.body));
    const done = await waitJob(city, ingest.body.id);
    assert.equal(done.state, 'done', JSON.stringify(done));
    const report = (await city.get(`/api/v1/jobs/${done.id}/file`)).text.replace(/^\uFEFF/, '');
    assert.ok(report.includes(`'=1+2${tag},`), `the id neutralised: ${report}`);
    const dated = report.split(/\r?\n/).find((l) => l.startsWith(`YB${tag},`));
    assert.match(dated, /数据有误/, 'a settlement admitted in year 0000 is refused');
    assert.match(dated, /admission_date|入院/);
  });
});
