import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, memberBody, newId, niangjia, uniqueName } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'nj-aid-'));
const tag = `${process.pid}${Date.now() % 100000}`;

function plan(code, start, end, over = {}) {
  return {
    code, name: `测试互助方案 ${code}`, start, end, contribution_fen: 5000, waiting_days: 90, overall_cap_fen: 6000000,
    benefits: [
      { visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000,
        tiers: [{ up_to_fen: 1000000, percent: 50 }, { up_to_fen: 5000000, percent: 60 }, { up_to_fen: null, percent: 70 }] },
      { visit_type: 'special_outpatient', deductible_fen: 100000, cap_fen: 1000000, tiers: [{ up_to_fen: null, percent: 40 }] }],
    critical_illness: { icd10_prefixes: ['C', 'Z94.0', 'N18.5'], lump_sum_fen: 500000 },
    ...over,
  };
}

const HEADER = 'settlement_id,id_number,name,hospital,admission_date,discharge_date,visit_type,diagnosis_code,total,fund_paid,self_paid_in_scope,self_paid_out_of_scope,record_type,original_settlement_id';
function settlements(rows) {
  return [HEADER, ...rows.map((r) => [r.id, r.idNumber, r.name ?? '某人', '金华市中心医院', r.admission ?? r.discharge,
    r.discharge, r.visit ?? 'inpatient', r.diagnosis ?? 'K35.8', r.total ?? r.eligible, '0.00', r.eligible, '0.00',
    r.type ?? 'normal', r.original ?? ''].join(','))].join('\r\n') + '\r\n';
}
function write(name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
// The command line acts as a named user (--as): the city's admin, whose plans the city owns.
const aid = (...args) => niangjia('aid', ...args, '--as', 'city_admin');
const reportOf = (file) => readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1)
  .map((l) => l.split(',')).map(([id, outcome, yuan, ...reason]) => ({ id, outcome, yuan, reason: reason.join(',') }));

describe('mutual medical aid: plans, enrolment, zero-trip claims paid to the card', () => {
  let clerk, union, a, b, previous, current;

  before(async () => {
    clerk = await Client.login('township_clerk');
    const county = await Client.login('wucheng_admin');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('互助测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const add = async (name) => {
      const id = newId();
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: id }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { ...r.body, idNumber: id };
    };
    a = await add('互助甲');
    previous = `P${tag}`;
    current = `C${tag}`;
  });

  it('imports plans as versions and refuses a wrong one naming the field', () => {
    const file = write('prev.json', JSON.stringify(plan(previous, '2024-01-01', '2024-12-31')));
    const first = aid('plan', 'import', file);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /version 1/);
    assert.match(aid('plan', 'import', file).stdout, /version 2/);
    const bad = plan(current, '2025-01-01', '2025-12-31');
    bad.benefits[0].tiers[1].percent = 160;
    const refused = aid('plan', 'import', write('bad.json', JSON.stringify(bad)));
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /benefits\[0\]\.tiers\[1\]\.percent/);
    assert.equal(aid('plan', 'import', write('cur.json', JSON.stringify(plan(current, '2025-01-01', '2025-12-31')))).status, 0);
  });

  it('enrols a subtree: members of the previous plan do not wait, newcomers do', async () => {
    const before = aid('enrol', '--plan', previous, '--org', String(union.id), '--start', '2024-01-01');
    assert.equal(before.status, 0, before.stderr);
    assert.match(before.stdout, /1 members enrolled/);
    b = await (async () => {
      const id = newId();
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name: '互助乙', id_number: id }));
      return { ...r.body, idNumber: id };
    })();
    const now = aid('enrol', '--plan', current, '--org', String(union.id), '--start', '2025-01-01', '--previous', previous);
    assert.equal(now.status, 0, now.stderr);
    assert.match(now.stdout, /2 members enrolled \(1 continuing/);
    assert.match(aid('enrol', '--plan', current, '--org', String(union.id), '--start', '2025-01-01').stdout, /0 members enrolled .* 2 enrolled before/);
    assert.notEqual(aid('enrol', '--plan', current, '--org', String(union.id), '--start', '2026-01-01').status, 0, 'outside the plan');
  });

  it('adjudicates the settlement feed, pays to the card once, and reverses exactly', async () => {
    const stranger = newId();
    const s = (n) => `S${tag}-${n}`;
    const file = write('feed.csv', settlements([
      { id: s(1), idNumber: a.idNumber, discharge: '2025-03-10', eligible: '1500.00' },            // 500.00
      { id: s(2), idNumber: b.idNumber, discharge: '2025-03-01', eligible: '1500.00' },            // waiting until 2025-04-01
      { id: s(3), idNumber: b.idNumber, discharge: '2025-05-01', eligible: '600.00' },             // 50.00
      { id: s(4), idNumber: stranger, discharge: '2025-05-01', eligible: '600.00' },               // out_of_scope (no member)
      { id: s(5), idNumber: a.idNumber, discharge: '2026-02-01', eligible: '600.00' },             // out_of_period
      { id: s(6), idNumber: a.idNumber, discharge: '2025-06-01', total: '100.00', eligible: '12.345' }, // invalid
      { id: s(1), idNumber: a.idNumber, discharge: '2025-03-10', eligible: '1500.00' },            // duplicate
      { id: s(7), idNumber: a.idNumber, discharge: '2025-07-01', eligible: '0.00', diagnosis: 'C34.1' }, // lump 5000.00
    ]));
    const reportFile = join(dir, 'report.csv');
    const dry = aid('ingest', file, '--plan', current, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /dry run/);
    const run = aid('ingest', file, '--plan', current, '--report', reportFile);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /8 records/);
    assert.match(run.stdout, /payout: 5550\.00 yuan in 3 items/);
    const report = reportOf(reportFile);
    assert.deepEqual(report.map((r) => [r.id, r.outcome, r.yuan]), [
      [s(1), 'paid', '500.00'], [s(2), 'waiting_period', '0.00'], [s(3), 'paid', '50.00'], [s(4), 'out_of_scope', '0.00'],
      [s(5), 'out_of_period', '0.00'], [s(6), 'invalid', '0.00'], [s(1), 'duplicate', '0.00'], [s(7), 'paid', '5000.00']]);
    assert.match(report[5].reason, /self_paid_in_scope/);
    assert.match(report[1].reason, /2025-04-01/);
    assert.match(readFileSync(reportFile, 'utf8'), /^\uFEFF?settlement_id,outcome,payout_yuan,reason,reason_en\r?\n/, 'the reason in both languages');
    assert.match(report[1].reason, /waiting period/i, 'the English reason beside the Chinese');

    const items = (await clerk.get(`/api/v1/payout/items?member_id=${a.id}`)).body.items;
    assert.deepEqual(items.map((i) => [i.source_module, i.amount_fen, i.state]).sort(),
      [['mutual_aid', 50000, 'pending'], ['mutual_aid', 500000, 'pending']]);

    const again = aid('ingest', file, '--plan', current);
    // Every stored line again is a duplicate; the stranger's line was not stored (nothing of a
    // non-member is kept) and is out_of_scope again.
    assert.match(again.stdout, /duplicate\s+6/);
    assert.match(again.stdout, /out_of_scope\s+1/);
    assert.match(again.stdout, /payout: 0\.00 yuan in 0 items/, 'nothing paid twice');

    const reversals = write('reversal.csv', settlements([
      { id: s(8), idNumber: a.idNumber, discharge: '2025-03-10', eligible: '1500.00', type: 'reversal', original: s(1) },
      { id: s(9), idNumber: a.idNumber, discharge: '2025-03-10', eligible: '1500.00', type: 'reversal', original: s(1) },
      { id: s(10), idNumber: a.idNumber, discharge: '2025-03-10', eligible: '1500.00', type: 'reversal', original: s(4) },
    ]));
    const reversalReport = join(dir, 'reversal-report.csv');
    assert.equal(aid('ingest', reversals, '--plan', current, '--report', reversalReport).status, 0);
    assert.deepEqual(reportOf(reversalReport).map((r) => [r.outcome, r.yuan]),
      [['reversal', '-500.00'], ['invalid', '0.00'], ['invalid', '0.00']],
      'reversed exactly once; the original of a non-member is unknown');
    const taken = (await clerk.get(`/api/v1/payout/items?member_id=${a.id}`)).body.items.find((i) => i.source_id.endsWith(`:${s(1)}`));
    assert.equal(taken.state, 'cancelled', 'the pending payment is taken back, never sent to the bank');
    const verify = niangjia('ledger', 'verify');
    assert.equal(verify.status, 0, verify.stdout);
    // The original's 1500.00 left the totals: the same stay again is adjudicated from zero.
    const resent = write('resent.csv', settlements([{ id: s(11), idNumber: a.idNumber, discharge: '2025-08-01', eligible: '1500.00' }]));
    const resentReport = join(dir, 'resent-report.csv');
    aid('ingest', resent, '--plan', current, '--report', resentReport);
    assert.deepEqual(reportOf(resentReport).map((r) => [r.outcome, r.yuan]), [['paid', '500.00']]);
    assert.notEqual(aid('ingest', resent, '--plan', 'NOPE').status, 0, 'an unknown plan');
  });
});
