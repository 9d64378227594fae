// Mutual medical aid over HTTP: plans, subsidies per level, enrolment, contributions paid per
// union and the figures of a subtree; the settlement feed uploaded as a job; claims by hand from
// the portal (with invoice photos) and from a clerk, through check and approval to the card.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, newId, uniqueName, sql } from './lib.mjs';

const tag = `${process.pid % 10000}${Date.now() % 100000}`;
const CODE = `H${tag}`;

function plan(code, over = {}) {
  return {
    code, name: `手工理赔测试方案 ${code}`, start: '2025-01-01', end: '2026-12-31', contribution_fen: 5000,
    waiting_days: 90, overall_cap_fen: 6000000,
    benefits: [
      { visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000,
        tiers: [{ up_to_fen: 1000000, percent: 50 }, { up_to_fen: 5000000, percent: 60 }, { up_to_fen: null, percent: 70 }] },
      { visit_type: 'special_outpatient', deductible_fen: 100000, cap_fen: 1000000, tiers: [{ up_to_fen: null, percent: 40 }] }],
    critical_illness: { icd10_prefixes: ['C', 'Z94.0', 'N18.5'], lump_sum_fen: 500000 },
    ...over,
  };
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF invoice photo')]);
const claimBody = (over = {}) => ({
  plan_code: CODE, visit_type: 'inpatient', hospital: '上海瑞金医院', admission_date: '2025-06-01',
  discharge_date: '2025-06-09', diagnosis_code: 'K35.8', total: '30000.00', fund_paid: '18000.00',
  self_paid_in_scope: '9000.00', self_paid_out_of_scope: '3000.00', ...over,
});

async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running');
}

describe('mutual aid over HTTP: subsidies, contributions, figures, the feed as an upload, claims by hand', () => {
  let city, county, other, clerk, union, a, b, late, portal;
  const password = 'aid-portal-2026';

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    other = await Client.login('yiwu_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('手工理赔测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const add = async (name, phone) => {
      const id = newId();
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: id, phone }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { ...r.body, idNumber: id, phone };
    };
    a = await add('理赔甲', `137${String(Date.now() % 1e8).padStart(8, '0')}`);
    b = await add('理赔乙', '13812345678');
    portal = new Client();
    const act = await portal.post('/api/v1/portal/activate', { phone: a.phone, id_number: a.idNumber, password });
    assert.equal(act.status, 200, JSON.stringify(act.body));
  });

  it('imports a plan over HTTP as versions, naming a wrong field by its path', async () => {
    const bad = plan(CODE);
    bad.benefits[0].tiers[1].percent = 160;
    const refused = await city.post('/api/v1/aid/plans', bad);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.field, 'benefits[0].tiers[1].percent');
    assert.equal((await clerk.get(`/api/v1/aid/plans/${CODE}`)).status, 404, 'nothing stored');
    const first = await city.post('/api/v1/aid/plans', plan(CODE));
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.version, 1);
    const second = await city.post('/api/v1/aid/plans', plan(CODE, { waiting_days: 90 }));
    assert.equal(second.body.version, 2);
    const detail = await clerk.get(`/api/v1/aid/plans/${CODE}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.plan.benefits[0].tiers[2].up_to_fen, null);
    assert.deepEqual(detail.body.versions.map((v) => v.version), [2, 1]);
    assert.equal(detail.body.versions[0].created_by_name.length > 0, true);
    const list = await clerk.get('/api/v1/aid/plans');
    assert.ok(list.body.items.some((p) => p.code === CODE && p.version === 2));
  });

  it('sets subsidies per level within the contribution and the setter\'s scope', async () => {
    const countyId = county.me.org_id, townId = clerk.me.org_id;
    assert.equal((await county.put(`/api/v1/aid/plans/${CODE}/subsidies/${countyId}`, { per_member_fen: 1000 })).status, 200);
    assert.equal((await clerk.put(`/api/v1/aid/plans/${CODE}/subsidies/${townId}`, { per_member_fen: 500 })).status, 200);
    const tooMuch = await clerk.put(`/api/v1/aid/plans/${CODE}/subsidies/${union.id}`, { per_member_fen: 3600 });
    assert.equal(tooMuch.status, 400, 'county 10 + township 5 + 36 > 50 yuan');
    assert.equal(tooMuch.body.field, 'per_member_fen');
    const above = await clerk.put(`/api/v1/aid/plans/${CODE}/subsidies/${countyId}`, { per_member_fen: 100 });
    assert.equal(above.status, 404, 'a township clerk cannot set the county\'s subsidy');
    const negative = await county.put(`/api/v1/aid/plans/${CODE}/subsidies/${countyId}`, { per_member_fen: -1 });
    assert.equal(negative.status, 400);
    const seen = await clerk.get(`/api/v1/aid/plans/${CODE}/subsidies`);
    assert.deepEqual(seen.body.items.map((s) => [s.org_id, s.per_member_fen]).sort(), [[countyId, 1000], [townId, 500]].sort());
    assert.equal((await other.get(`/api/v1/aid/plans/${CODE}/subsidies`)).body.items.length, 0, 'another county sees neither');
  });

  it('enrols a union and shows enrolment, shares, contributions paid and what is outstanding', async () => {
    const enrol = await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { org_id: union.id, start: '2025-01-01' });
    assert.equal(enrol.status, 200, JSON.stringify(enrol.body));
    assert.deepEqual(enrol.body, { enrolled: 2, continuing: 0, already: 0, problems: [] });
    const badDate = await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { org_id: union.id, start: '2025-02-30' });
    assert.equal(badDate.status, 400);
    assert.equal((await other.post(`/api/v1/aid/plans/${CODE}/enrolments`, { org_id: union.id, start: '2025-01-01' })).status, 404);

    const future = await clerk.post(`/api/v1/aid/plans/${CODE}/payments`, { org_id: union.id, amount_fen: 7000, paid_on: '2999-01-01' });
    assert.equal(future.status, 400);
    assert.equal(future.body.field, 'paid_on');
    const zero = await clerk.post(`/api/v1/aid/plans/${CODE}/payments`, { org_id: union.id, amount_fen: 0, paid_on: '2025-01-10' });
    assert.equal(zero.body.field, 'amount_fen');
    assert.equal((await other.post(`/api/v1/aid/plans/${CODE}/payments`, { org_id: union.id, amount_fen: 7000, paid_on: '2025-01-10' })).status, 404);
    const paid = await clerk.post(`/api/v1/aid/plans/${CODE}/payments`, { org_id: union.id, amount_fen: 5000, paid_on: '2025-01-10', reference: '回单 0042' });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));

    const stats = await clerk.get(`/api/v1/aid/plans/${CODE}/stats?org_id=${union.id}`);
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    // Two members, each 50 yuan: the county pays 10 and the township 5, the members' share 35.
    assert.equal(stats.body.enrolled, 2);
    assert.equal(stats.body.subsidy_fen, 3000);
    assert.equal(stats.body.due_fen, 7000);
    assert.equal(stats.body.paid_fen, 5000);
    assert.equal(stats.body.outstanding_fen, 2000);
    const town = await clerk.get(`/api/v1/aid/plans/${CODE}/stats`);
    const row = town.body.children.find((c) => c.org_id === union.id);
    assert.equal(row.enrolled, 2, 'the union is a child of the township');
    assert.equal(row.due_fen, 7000);
    assert.equal((await other.get(`/api/v1/aid/plans/${CODE}/stats?org_id=${union.id}`)).status, 404);
    const payments = await county.get(`/api/v1/aid/plans/${CODE}/payments`);
    assert.ok(payments.body.items.some((p) => p.id === paid.body.id && p.reference === '回单 0042'));
  });

  it('enrols chosen members and a roster, listing those it cannot enrol and why', async () => {
    const add = async (name) => {
      const id = newId();
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: id }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { ...r.body, idNumber: id };
    };
    const c1 = await add('名单甲');
    const c2 = await add('名单乙');
    const gone = await add('名单丙');
    assert.equal((await clerk.post(`/api/v1/members/${gone.id}/status`, { status: 'exited', reason: '离职' })).status, 200);
    const yiwuMember = (await other.get('/api/v1/members?limit=1')).body.items[0];
    const chosen = await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { start: '2025-01-01', member_ids: [c1.id, a.id, gone.id, yiwuMember.id, c1.id] });
    assert.equal(chosen.status, 200, JSON.stringify(chosen.body));
    assert.deepEqual([chosen.body.enrolled, chosen.body.already], [1, 2], 'a enrolled before; c1 named twice is enrolled once');
    // A member of another county is reported as an id of no member is: without a member id.
    assert.deepEqual(chosen.body.problems.map((p) => [p.member_id, p.value, p.reason]).sort(), [
      [gone.id, String(gone.id), '会籍状态为「exited」，不能参加'], [null, String(yiwuMember.id), '会员不存在或不在您的管辖范围内']].sort());
    assert.equal((await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { start: '2025-01-01', member_ids: [] })).body.field, 'member_ids');

    const roster = ['身份证号,姓名', `${c2.idNumber},名单乙`, '330702199001011230,错号', `${newId()},路人`, `${c1.idNumber},名单甲`].join('\r\n') + '\r\n';
    // A roster is a bulk job, run at the level of the plan's owner (the city, which imported it).
    assert.equal((await clerk.request('POST', `/api/v1/aid/plans/${CODE}/enrolments/roster?start=2025-01-01`, { raw: roster })).status, 403);
    // A job (202) run as the caller; its summary is the result. A dry run counts the same and
    // enrols nobody.
    const rosterJob = async (query) => {
      const r = await city.request('POST', `/api/v1/aid/plans/${CODE}/enrolments/roster?start=2025-01-01&file_name=名单.csv${query}`, { raw: roster });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.equal(typeof r.body.id, 'string');
      const job = await waitJob(city, r.body.id);
      assert.equal(job.state, 'done', JSON.stringify(job));
      return job;
    };
    // 'n=' || …: the same text from SQLite and PostgreSQL.
    const enrolledNow = () => Number(/n=(\d+)/.exec(sql(`SELECT 'n=' || COUNT(*) FROM aid_enrolment WHERE plan_code = '${CODE}' AND member_id = ${c2.id}`))[1]);
    const dry = await rosterJob('&dry_run=1');
    assert.deepEqual([dry.kind, dry.summary.dry_run, dry.summary.enrolled, dry.summary.already, dry.summary.problems_total], ['aid:enrol_roster', true, 1, 1, 2]);
    assert.equal(enrolledNow(), 0, 'a dry run enrols nobody');
    const job = await rosterJob('');
    const r = { body: job.summary };
    assert.deepEqual([r.body.enrolled, r.body.already, r.body.dry_run], [1, 1, false]);
    assert.equal(enrolledNow(), 1);
    assert.deepEqual(r.body.problems.map((p) => [p.line, p.reason.length > 0, p.value.includes('*')]), [[3, true, true], [4, true, true]]);
    assert.equal(r.body.problems[1].reason, '会员不存在或不在您的管辖范围内');
    // Every problem is in the job's file too, masked.
    const report = (await city.get(`/api/v1/jobs/${job.id}/file`)).text.trim().split(/\r?\n/);
    assert.equal(report.length, 3, report.join('\n'));
    assert.match(report[0], /^行号,列,值,原因,Reason/, 'the shared row-problem shape');
    assert.match(report[2], /^4,身份证号,\d{3}\*+\d{3}[\dX],会员不存在或不在您的管辖范围内,/);
    // A file without the column fails its job, naming the column; a day outside the plan is
    // refused before any job.
    const noColumn = await city.request('POST', `/api/v1/aid/plans/${CODE}/enrolments/roster?start=2025-01-01`, { raw: '姓名\r\n某人\r\n' });
    assert.equal(noColumn.status, 202);
    const failed = await waitJob(city, noColumn.body.id);
    assert.equal(failed.state, 'failed');
    assert.match(failed.error, /身份证号/);
    const early = await city.request('POST', `/api/v1/aid/plans/${CODE}/enrolments/roster?start=2024-01-01`, { raw: roster });
    assert.deepEqual([early.status, early.body.field], [400, 'start']);
    const stats = await clerk.get(`/api/v1/aid/plans/${CODE}/stats?org_id=${union.id}`);
    assert.equal(stats.body.enrolled, 4);
  });

  it('takes the settlement file as an upload job: summary, report, dry run, nothing paid twice', async () => {
    const header = 'settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,original_settlement_id';
    const csv = [header,
      `F${tag}-1,${b.idNumber},理赔乙,金华市中心医院,2025-05-01,2025-05-05,inpatient,K35.8,3000.00,1000.00,2000.00,0.00,normal,`,
      `F${tag}-2,${newId()},某人,金华市中心医院,2025-05-01,2025-05-05,inpatient,K35.8,3000.00,1000.00,2000.00,0.00,normal,`,
      `F${tag}-3,${b.idNumber},理赔乙,金华市中心医院,2025-05-09,2025-05-01,inpatient,K35.8,3000.00,1000.00,2000.00,0.00,normal,`].join('\r\n') + '\r\n';
    const send = async (query, language) => {
      // The feed is a bulk job, run at the level of the plan's owner (the city).
      const started = await city.request('POST', `/api/v1/aid/plans/${CODE}/ingest?${query}`, { raw: csv, headers: language ? { 'accept-language': language } : {} });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      return waitJob(city, started.body.id);
    };
    // A flag that is neither yes nor no is refused, never read as "for real".
    const unclear = await city.request('POST', `/api/v1/aid/plans/${CODE}/ingest?dry_run=yes`, { raw: csv });
    assert.equal(unclear.status, 400);
    assert.equal(unclear.body.field, 'dry_run');
    const dry = await send('dry_run=1&file_name=feed.csv');
    assert.equal(dry.state, 'done', dry.error);
    assert.equal(dry.summary.dry_run, true);
    assert.equal(dry.summary.outcomes.paid, 1);
    assert.equal((await clerk.get(`/api/v1/aid/claims?plan=${CODE}`)).body.items.length, 0, 'a dry run stores nothing');

    const job = await send('file_name=feed.csv');
    assert.deepEqual([job.summary.records, job.summary.outcomes.paid, job.summary.outcomes.out_of_scope, job.summary.outcomes.invalid], [3, 1, 1, 1]);
    // 2000 yuan in scope, 500 deductible: 1500 at 50 %.
    assert.equal(job.summary.paid_fen, 75000);
    const report = await city.get(`/api/v1/jobs/${job.id}/file`);
    assert.match(report.headers.get('content-type'), /text\/csv/);
    const lines = report.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines[0], '结算单号,结果,赔付金额（元）,原因,Reason,行号', 'in the UI\'s language, outcomes in words');
    assert.match(lines[1], new RegExp(`^F${tag}-1,赔付,750.00,,,2$`));
    assert.match(lines[3], /^F.*-3,数据有误,0.00,入院日期晚于出院日期[^,]*,\S.*,4$/, 'the reason in English beside the Chinese');
    const english = await city.get(`/api/v1/jobs/${(await send('file_name=feed.csv&dry_run=1', 'en')).id}/file`);
    assert.match(english.text.replace(/^\uFEFF/, ''), /^Settlement id,Outcome,Paid \(yuan\),原因,Reason,Line\r?\n.*,Duplicate,/);

    const again = await send('file_name=feed.csv');
    assert.equal(again.summary.outcomes.duplicate, 1, 'the paid line; the non-member\'s was not stored');
    assert.equal(again.summary.payout_items, 0, 'the same file twice pays nothing twice');
    const claims = await clerk.get(`/api/v1/aid/claims?plan=${CODE}&outcome=paid`);
    assert.deepEqual(claims.body.items.map((c) => [c.settlement_id, c.amount_fen, c.member_name]), [[`F${tag}-1`, 75000, '理赔乙']]);
    assert.equal((await other.get(`/api/v1/aid/claims?plan=${CODE}`)).body.items.length, 0, 'out of another county\'s scope');
    assert.equal((await clerk.request('POST', `/api/v1/aid/plans/${CODE}/ingest`, { raw: csv })).status, 403, 'not at the owner\'s level');
    const noPlan = await city.request('POST', '/api/v1/aid/plans/NOSUCH/ingest', { raw: csv });
    assert.equal(noPlan.status, 404);
  });

  it('a member submits a claim with invoice photos; the clerk checks and approves it; the card gets the rules\' amount', async () => {
    const plans = await portal.get('/api/v1/portal/aid/plans');
    assert.ok(plans.body.items.some((p) => p.code === CODE && p.waiting_end === '2025-04-01'));
    const noCsrf = await portal.request('POST', '/api/v1/portal/aid/claims', { body: claimBody(), csrf: false });
    assert.equal(noCsrf.status, 403);
    const wrong = await portal.post('/api/v1/portal/aid/claims', claimBody({ total: '100.001' }));
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.field, 'total');
    const over = await portal.post('/api/v1/portal/aid/claims', claimBody({ self_paid_in_scope: '40000.00' }));
    assert.equal(over.body.field, 'self_paid_in_scope');
    const later = await portal.post('/api/v1/portal/aid/claims', claimBody({ discharge_date: '2999-01-01' }));
    assert.equal(later.body.field, 'discharge_date');
    const notEnrolled = await portal.post('/api/v1/portal/aid/claims', claimBody({ plan_code: 'NOSUCH' }));
    assert.equal(notEnrolled.body.field, 'plan_code');

    const sent = await portal.post('/api/v1/portal/aid/claims', claimBody({ diagnosis_code: 'c34.1' }));
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.state, 'submitted');
    assert.equal(sent.body.submitted_by, 'portal');
    assert.equal(sent.body.in_scope_fen, 900000);
    const id = sent.body.id;
    const photo = await portal.request('POST', `/api/v1/portal/aid/claims/${id}/files?file_name=${encodeURIComponent('发票1.jpg')}`, { raw: JPEG });
    assert.equal(photo.status, 201, JSON.stringify(photo.body));
    assert.equal(photo.body.mime, 'image/jpeg');
    const text = await portal.request('POST', `/api/v1/portal/aid/claims/${id}/files?file_name=x.jpg`, { raw: 'not a photo at all' });
    assert.equal(text.status, 400, 'the content decides, not the name');
    assert.equal(text.body.field, 'file');

    assert.equal((await other.get(`/api/v1/aid/hand-claims/${id}`)).status, 404, 'another county cannot see it');
    const seen = await clerk.get(`/api/v1/aid/hand-claims/${id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.files.length, 1);
    // 9000 in scope − 500 deductible = 8500 at 50 %, plus the lump sum of C34.1: 9250 yuan.
    assert.deepEqual(seen.body.preview, { outcome: 'paid', amount_fen: 925000, reason: '', reason_en: '' });
    const file = await clerk.get(`/api/v1/aid/hand-claims/${id}/files/${photo.body.id}`);
    assert.equal(file.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(file.bytes, JPEG);
    assert.equal((await other.get(`/api/v1/aid/hand-claims/${id}/files/${photo.body.id}`)).status, 404);

    const early = await clerk.post(`/api/v1/aid/hand-claims/${id}/approve`);
    assert.equal(early.status, 409, 'approval needs the check first');
    assert.equal((await clerk.post(`/api/v1/aid/hand-claims/${id}/check`)).body.state, 'checked');
    // Whoever checked it does not approve it; two others at the same moment: exactly one pays.
    assert.equal((await clerk.post(`/api/v1/aid/hand-claims/${id}/approve`)).status, 403);
    const both = await Promise.all([city.post(`/api/v1/aid/hand-claims/${id}/approve`), county.post(`/api/v1/aid/hand-claims/${id}/approve`)]);
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
    const approved = both.find((r) => r.status === 200).body;
    assert.equal(approved.state, 'approved');
    assert.equal(approved.amount_fen, 925000);
    assert.equal(approved.payout_state, 'pending');
    const items = await city.get(`/api/v1/payout/items?member_id=${a.id}`);
    const mine = items.body.items.filter((i) => i.source_id === `${CODE}:hand:${id}`);
    assert.equal(mine.length, 1, 'one payout item, once');
    assert.equal(mine[0].amount_fen, 925000);
    assert.equal((await portal.request('POST', `/api/v1/portal/aid/claims/${id}/files?file_name=y.jpg`, { raw: JPEG })).status, 409, 'no files once decided');

    const mineNow = await portal.get('/api/v1/portal/aid/claims');
    assert.equal(mineNow.body.truncated, false, 'a member\'s own claims are few: shown whole, and said so');
    // Past kOwnListMax (200) the answer is cut and says so, never silently.
    const many = `MANY${tag}`;
    sql(`INSERT INTO aid_claim (plan_code, settlement_id, member_id, outcome, visit, eligible_fen, benefit_fen, lump_fen, discharge_date, created_at) ` +
        `SELECT '${CODE}', '${many}-' || id, ${a.id}, 'zero', 0, 0, 0, 0, '2025-06-09', 0 FROM member ORDER BY id LIMIT 201`);
    try {
      const cut = await portal.get('/api/v1/portal/aid/claims');
      assert.deepEqual([cut.body.feed.length, cut.body.truncated], [200, true]);
    } finally {
      sql(`DELETE FROM aid_claim WHERE settlement_id LIKE '${many}-%'`);
    }
    const shown = mineNow.body.items.find((c) => c.id === id);
    assert.equal(shown.state, 'approved');
    assert.equal(shown.amount_fen, 925000);
    assert.equal(shown.files.length, 1);
    assert.equal((await portal.get(`/api/v1/portal/aid/claims/${id}/files/${photo.body.id}`)).status, 200);
    // The running totals carry on: a second claim starts above the deductible and the lump sum is not paid twice.
    const second = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: a.id, diagnosis_code: 'C34.1', discharge_date: '2025-07-09', admission_date: '2025-07-01', self_paid_in_scope: '2000.00' }));
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.equal(second.body.submitted_by, 'township_clerk');
    assert.equal((await clerk.get(`/api/v1/aid/hand-claims/${second.body.id}`)).body.preview.amount_fen, 105000);

    // Once the bank has paid its item the claim reads "paid" (the payout module says so), on its
    // page, in the list filtered on it and on the portal; "approved" no longer lists it. The item
    // is marked paid here as a reconciliation would and put back after, for the ledger's sake.
    const item = `source_module = 'mutual_aid' AND source_id = '${CODE}:hand:${id}'`;
    sql(`UPDATE payout_item SET state = 'paid' WHERE ${item} AND state = 'pending'`);
    try {
      const paid = (await clerk.get(`/api/v1/aid/hand-claims/${id}`)).body;
      assert.deepEqual([paid.state, paid.payout_state], ['paid', 'paid']);
      const listed = await clerk.get(`/api/v1/aid/hand-claims?plan=${CODE}&state=paid&limit=1`);
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      assert.deepEqual(listed.body.items.map((c) => [c.id, c.state, c.payout_state]), [[id, 'paid', 'paid']]);
      assert.equal(listed.body.next_cursor, null);
      const approvedOnly = (await clerk.get(`/api/v1/aid/hand-claims?plan=${CODE}&state=approved&limit=200`)).body.items;
      assert.ok(!approvedOnly.some((c) => c.id === id), 'a paid claim is not listed as approved');
      const submitted = (await clerk.get(`/api/v1/aid/hand-claims?plan=${CODE}&state=submitted&limit=200`)).body.items;
      assert.ok(submitted.some((c) => c.id === second.body.id));
      assert.equal((await portal.get('/api/v1/portal/aid/claims')).body.items.find((c) => c.id === id).state, 'paid');
    } finally {
      sql(`UPDATE payout_item SET state = 'pending' WHERE ${item}`);
    }
    assert.equal((await clerk.get(`/api/v1/aid/hand-claims/${id}`)).body.state, 'approved');
  });

  it('refuses by the rules, rejects only with a reason, and flags claims undecided for 30 days', async () => {
    // A member who joined later is enrolled later: still waiting.
    const id = newId();
    const m = await clerk.post('/api/v1/members', memberBody(union.id, { name: '理赔丙', id_number: id }));
    late = m.body;
    await clerk.post(`/api/v1/aid/plans/${CODE}/enrolments`, { org_id: union.id, start: '2026-11-20' });
    const c = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: late.id, admission_date: '2026-11-25', discharge_date: '2026-11-30' }));
    assert.equal(c.status, 201, JSON.stringify(c.body));
    await clerk.post(`/api/v1/aid/hand-claims/${c.body.id}/check`);
    const refused = await county.post(`/api/v1/aid/hand-claims/${c.body.id}/approve`, { reason: '票据原件另行寄送' });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /等待期/);
    assert.equal((await clerk.get(`/api/v1/aid/hand-claims/${c.body.id}`)).body.state, 'checked', 'nothing changed');

    const noReason = await clerk.post(`/api/v1/aid/hand-claims/${c.body.id}/reject`, { reason: '' });
    assert.equal(noReason.status, 400);
    const rejected = await clerk.post(`/api/v1/aid/hand-claims/${c.body.id}/reject`, { reason: '出院日期在等待期内' });
    assert.equal(rejected.body.state, 'rejected');
    assert.equal(rejected.body.reason, '出院日期在等待期内');
    assert.equal((await clerk.post(`/api/v1/aid/hand-claims/${c.body.id}/reject`, { reason: '再次' })).status, 409);

    const old = await clerk.post('/api/v1/aid/hand-claims', claimBody({ member_id: b.id }));
    const before = (await clerk.get('/api/v1/aid/overview')).body;
    const elsewhere = (await other.get('/api/v1/aid/overview')).body;
    sql(`UPDATE aid_hand_claim SET submitted_at = submitted_at - 31 * 86400 WHERE id = ${old.body.id}`);
    const after = (await clerk.get('/api/v1/aid/overview')).body;
    assert.equal(after.overdue, before.overdue + 1);
    assert.equal(after.pending, before.pending);
    const flagged = await clerk.get(`/api/v1/aid/hand-claims?overdue=1&org_id=${union.id}`);
    assert.deepEqual(flagged.body.items.map((x) => [x.id, x.overdue]), [[old.body.id, true]]);
    assert.deepEqual((await other.get('/api/v1/aid/overview')).body, elsewhere, 'counted in scope only');
    const bad = await clerk.get('/api/v1/aid/hand-claims?state=lost');
    assert.equal(bad.status, 400);
    const byState = await clerk.get(`/api/v1/aid/hand-claims?state=rejected&org_id=${union.id}`);
    assert.deepEqual(byState.body.items.map((x) => x.id), [c.body.id]);
  });
});
