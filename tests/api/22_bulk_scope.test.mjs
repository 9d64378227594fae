// Data scope on the bulk paths (issue 13, item 1), tried as an attacker would on the demo's two
// counties (婺城: wucheng_admin, township_clerk; 义乌: yiwu_admin): the settlement feed and the
// enrolment by roster are run at the plan owner's level only, every record is checked against the
// caller's scope (a member elsewhere answers exactly as no member), a reversal reaches only
// originals in scope, and every bulk job is audited with its counts.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, firstGrassroots, memberBody, newId, niangjia, sql, uniqueName } from './lib.mjs';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tag = `${process.pid % 10000}${Date.now() % 100000}`;
const CODE = `BS${tag}`; // owned by 婺城 county
const HEADER = 'settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,original_settlement_id';

function plan(code) {
  return {
    code, name: `批量作业范围测试方案 ${code}`, start: '2025-01-01', end: '2025-12-31', contribution_fen: 5000,
    waiting_days: 0, overall_cap_fen: 6000000,
    benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
    critical_illness: { icd10_prefixes: ['C'], lump_sum_fen: 500000 },
  };
}
// One settlement line: 2000 yuan in scope (1500 above the deductible at 50 %: 750.00 paid).
const line = (id, idNumber, over = {}) => [id, idNumber, '某人', '金华市中心医院', '2025-05-01', '2025-05-05', 'inpatient',
  'K35.8', '3000.00', '1000.00', '2000.00', '0.00', over.type ?? 'normal', over.original ?? ''].join(',');
const feed = (...lines) => [HEADER, ...lines].join('\r\n') + '\r\n';

async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running');
}
// The number a SELECT 'n=' || … prints, on SQLite and PostgreSQL alike.
const count = (statement) => Number(/n=(-?\d+)/.exec(sql(statement))[1]);
const itemsOf = (memberId) => count(`SELECT 'n=' || COUNT(*) FROM payout_item WHERE member_id = ${memberId}`);
const report = async (client, job) => (await client.get(`/api/v1/jobs/${job.id}/file`)).text
  .replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));

describe('bulk paths keep to the caller\'s scope', () => {
  let city, county, yiwu, clerk, wMember, yMember;

  const ingest = async (client, code, csv, query = 'file_name=feed.csv') =>
    client.request('POST', `/api/v1/aid/plans/${code}/ingest?${query}`, { raw: csv });
  const ingested = async (client, code, csv) => {
    const started = await ingest(client, code, csv);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitJob(client, started.body.id);
    assert.equal(job.state, 'done', job.error);
    return job;
  };

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('批量范围测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    const add = async (client, orgId, name, county) => {
      const id = newId(county);
      const r = await client.post('/api/v1/members', memberBody(orgId, { name, id_number: id }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { ...r.body, idNumber: id };
    };
    wMember = await add(clerk, u.body.id, '婺城会员', '330702');
    const yiwuUnion = await firstGrassroots(yiwu, yiwu.me.org_id);
    yMember = await add(yiwu, yiwuUnion.id, '义乌会员', '330782');

    // The plan belongs to 婺城 county, which imports it; 义乌 enrols its own member in it, so
    // that only scope stands between a 婺城 upload and a payment to that member.
    const made = await county.post('/api/v1/aid/plans', plan(CODE));
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal(made.body.owner_org_id, county.me.org_id);
    const w = await county.post(`/api/v1/aid/plans/${CODE}/enrolments`, { member_ids: [wMember.id], start: '2025-01-01' });
    assert.equal(w.body.enrolled, 1, JSON.stringify(w.body));
    const y = await yiwu.post(`/api/v1/aid/plans/${CODE}/enrolments`, { member_ids: [yMember.id], start: '2025-01-01' });
    assert.equal(y.body.enrolled, 1, JSON.stringify(y.body));
  });

  it('tells each caller whether they may run the plan\'s bulk jobs', async () => {
    const canBulk = async (client) => (await client.get(`/api/v1/aid/plans/${CODE}`)).body.can_bulk;
    assert.deepEqual([await canBulk(county), await canBulk(city), await canBulk(clerk), await canBulk(yiwu)],
      [true, true, false, false], 'the owner and the level above it; not a clerk, not another county');
    const listed = (await clerk.get('/api/v1/aid/plans')).body.items.find((p) => p.code === CODE);
    assert.deepEqual([listed.can_bulk, listed.owner_org_id], [false, county.me.org_id]);
    const again = await clerk.post('/api/v1/aid/plans', plan(CODE));
    assert.equal(again.status, 403, 'a new version only at the owner\'s level');
  });

  it('refuses a settlement upload from a township clerk and from another county', async () => {
    const csv = feed(line(`C${tag}-1`, yMember.idNumber));
    const demoPlan = (await city.get('/api/v1/aid/plans')).body.items.find((p) => p.code !== CODE && p.can_bulk);
    for (const code of [CODE, ...(demoPlan ? [demoPlan.code] : [])]) {
      const r = await ingest(clerk, code, csv);
      assert.equal(r.status, 403, `${code}: ${JSON.stringify(r.body)}`);
    }
    const other = await ingest(yiwu, CODE, csv);
    assert.equal(other.status, 403, 'aid:bulk, but not at the plan owner\'s level');
    assert.equal((await ingest(clerk, 'NOSUCH', csv)).status, 403, 'the permission first');
    assert.equal((await ingest(county, 'NOSUCH', csv)).status, 404);
    assert.equal(itemsOf(yMember.id), 0, 'nothing paid to the other county\'s member');
    assert.equal(count(`SELECT 'n=' || COUNT(*) FROM aid_claim WHERE settlement_id = 'C${tag}-1'`), 0);
  });

  it('answers a member outside the scope as a non-member: out_of_scope, counted, never paid', async () => {
    const stranger = newId('330782');
    const job = await ingested(county, CODE, feed(
      line(`W${tag}-1`, wMember.idNumber), line(`W${tag}-2`, yMember.idNumber), line(`W${tag}-3`, stranger)));
    assert.deepEqual([job.summary.records, job.summary.outcomes.paid, job.summary.outcomes.out_of_scope, job.summary.payout_items],
      [3, 1, 2, 1]);
    assert.equal(job.summary.outcomes.not_member, undefined, 'one outcome for both');
    const lines = await report(county, job);
    assert.deepEqual(lines[0].slice(1, 3), ['赔付', '750.00']);
    assert.deepEqual(lines[1].slice(1, 5), lines[2].slice(1, 5), 'the member elsewhere and the stranger read the same');
    assert.deepEqual(lines[1].slice(1, 3), ['非会员或不在管辖范围', '0.00']);
    assert.equal(itemsOf(yMember.id), 0, 'no payout item for the other county\'s member');
    assert.equal(itemsOf(wMember.id), 1);
    assert.equal(count(`SELECT 'n=' || COUNT(*) FROM aid_claim WHERE settlement_id IN ('W${tag}-2', 'W${tag}-3')`), 0,
      'nothing of either line is kept');
    const again = await ingested(county, CODE, feed(line(`W${tag}-2`, yMember.idNumber), line(`W${tag}-3`, stranger)));
    assert.deepEqual([again.summary.outcomes.out_of_scope, again.summary.outcomes.duplicate], [2, 0], 'sent again: the same answer for both');
  });

  it('lets a reversal reach only an original of a member in the caller\'s scope', async () => {
    // The city (above the owner) pays the 义乌 member under the same plan.
    const paid = await ingested(city, CODE, feed(line(`Y${tag}-1`, yMember.idNumber)));
    assert.equal(paid.summary.outcomes.paid, 1);
    const pending = () => count(`SELECT 'n=' || COUNT(*) FROM payout_item WHERE source_id = '${CODE}:Y${tag}-1' AND state = 'pending'`);
    assert.equal(pending(), 1);
    // 婺城 names that settlement in a reversal, beside one naming an id never seen.
    const job = await ingested(county, CODE, feed(
      line(`R${tag}-1`, wMember.idNumber, { type: 'reversal', original: `Y${tag}-1` }),
      line(`R${tag}-2`, wMember.idNumber, { type: 'reversal', original: `N${tag}-9` })));
    assert.deepEqual([job.summary.outcomes.invalid, job.summary.outcomes.reversal, job.summary.withdrawn], [2, 0, 0]);
    const lines = await report(county, job);
    const unknown = ['数据有误', '冲正的原结算单不存在：#', 'the original settlement is unknown: #'];
    assert.deepEqual(lines.map((l) => [l[1], ...l.slice(3, 5).map((r) => r.replace(/[YN]\d+-\d/, '#'))]),
      [unknown, unknown], 'refused as an unknown original, in both languages');
    assert.equal(pending(), 1, 'the other county\'s payout is still pending');
    assert.equal(count(`SELECT 'n=' || SUM(reversed) FROM aid_claim WHERE plan_code = '${CODE}' AND settlement_id = 'Y${tag}-1'`), 0);
    // The same settlement id sent as a new claim is a duplicate: it is stored once, whoever sends it.
    const dup = await ingested(county, CODE, feed(line(`Y${tag}-1`, wMember.idNumber)));
    assert.equal(dup.summary.outcomes.duplicate, 1);
    assert.equal(pending(), 1);
    // The city, whose scope holds the member, may reverse it.
    const reversed = await ingested(city, CODE, feed(line(`R${tag}-3`, yMember.idNumber, { type: 'reversal', original: `Y${tag}-1` })));
    assert.deepEqual([reversed.summary.outcomes.reversal, reversed.summary.withdrawn], [1, 1]);
    assert.equal(pending(), 0);
  });

  it('enrols by roster answering a member of another county exactly as a non-member, without a member id', async () => {
    const roster = ['身份证号,姓名', `${yMember.idNumber},义乌会员`, `${newId('330782')},路人`].join('\r\n') + '\r\n';
    const byClerk = await clerk.request('POST', `/api/v1/aid/plans/${CODE}/enrolments/roster?start=2025-01-01`, { raw: roster });
    assert.equal(byClerk.status, 403, 'a bulk job');
    const started = await county.request('POST', `/api/v1/aid/plans/${CODE}/enrolments/roster?start=2025-01-01&file_name=roster.csv`, { raw: roster });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitJob(county, started.body.id);
    assert.equal(job.state, 'done', JSON.stringify(job));
    assert.equal((await yiwu.get(`/api/v1/jobs/${job.id}`)).status, 404, 'a job is its starter\'s');
    const r = { body: job.summary };
    assert.equal(r.body.enrolled, 0);
    assert.ok(!JSON.stringify(job).includes(yMember.idNumber) && !JSON.stringify(job).includes(`"member_id":${yMember.id}`), 'nothing of the other county in the job');
    assert.deepEqual(r.body.problems.map((p) => [p.line, p.member_id, p.reason, p.reason_en]), [
      [2, null, '会员不存在或不在您的管辖范围内', 'no such member in your scope'],
      [3, null, '会员不存在或不在您的管辖范围内', 'no such member in your scope']]);
    const chosen = await county.post(`/api/v1/aid/plans/${CODE}/enrolments`, { start: '2025-01-01', member_ids: [yMember.id, 2 ** 40] });
    assert.deepEqual(chosen.body.problems.map((p) => [p.member_id, p.value, p.reason]), [
      [null, String(yMember.id), '会员不存在或不在您的管辖范围内'], [null, String(2 ** 40), '会员不存在或不在您的管辖范围内']]);
  });

  it('audits every bulk job with who ran it, the file and its counts', async () => {
    const audit = (await county.get(`/api/v1/audit?entity=aid_plan&entity_id=${CODE}`)).body.items;
    const ingests = audit.filter((a) => a.action === 'ingest' && a.username === 'wucheng_admin').map((a) => JSON.parse(a.after));
    assert.ok(ingests.some((a) => a.file === 'feed.csv' && a.records === 3 && a.paid === 1 && a.out_of_scope === 2 && a.payout_items === 1 && a.dry_run === 0),
      JSON.stringify(ingests));
    assert.ok(ingests.every((a) => !JSON.stringify(a).includes(yMember.idNumber) && !('id_number' in a)), 'no record in the audit');
    const roster = audit.find((a) => a.action === 'enrol_roster' && a.username === 'wucheng_admin');
    assert.ok(roster, JSON.stringify(audit.map((a) => a.action)));
    assert.deepEqual([JSON.parse(roster.after).file, JSON.parse(roster.after).left_out], ['roster.csv', 2]);
    const cityRuns = (await city.get(`/api/v1/audit?entity=aid_plan&entity_id=${CODE}&action=ingest`)).body.items;
    assert.ok(cityRuns.some((a) => a.username === 'city_admin'), 'the city\'s runs too');
  });

  it('imports a member roster only into unions in scope, audited as a job with its counts', async () => {
    const yiwuUnion = await firstGrassroots(yiwu, yiwu.me.org_id);
    const roster = ['姓名,身份证号,工会编号', `甲,${newId()},`, `乙,${newId('330782')},${yiwuUnion.id}`, `丙,${yMember.idNumber},`].join('\r\n') + '\r\n';
    const started = await county.request('POST', `/api/v1/imports/members?org_id=${wMember.org_id}&mode=dry_run&file_name=people.csv`, { raw: roster });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const job = await waitJob(county, started.body.id);
    assert.deepEqual([job.summary.rows, job.summary.stored, job.summary.refused], [3, 1, 2], 'a union elsewhere, a member elsewhere');
    const audit = (await county.get('/api/v1/audit?entity=member&action=import_file')).body.items;
    const mine = audit.find((a) => a.username === 'wucheng_admin' && JSON.parse(a.after).file === 'people.csv');
    assert.ok(mine, JSON.stringify(audit));
    assert.deepEqual(['rows', 'stored', 'refused', 'mode'].map((k) => JSON.parse(mine.after)[k]), [3, 1, 2, 'dry_run']);
  });

  it('runs the command line as the user named by --as (the city), owner given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nj-bulk-'));
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify(plan(`${CODE}C`)));
    const r = niangjia('aid', 'plan', 'import', file, '--owner', String(county.me.org_id), '--as', 'city_admin');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /owned by/);
    const csv = join(dir, 'feed.csv');
    writeFileSync(csv, feed(line(`K${tag}-1`, yMember.idNumber)));
    const run = niangjia('aid', 'ingest', csv, '--plan', `${CODE}C`, '--as', 'city_admin');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /not_enrolled\s+1/, 'the city sees the other county');
  });
});
