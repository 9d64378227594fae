import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { Client, niangjia, uniqueName } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'nj-import-'));
const maker = new URL('../../bench/make_roster.py', import.meta.url).pathname;
let start = 7_000_000 + (process.pid % 1000) * 1000;

// A roster of `rows` people nobody else uses, 10 % of them wrong (one of each kind per 60 rows).
function roster(name, rows, options = []) {
  const file = join(dir, name);
  const r = spawnSync('/usr/bin/python3', [maker, file, String(rows), '--start', String(start), '--bad', '10', ...options], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  start += rows;
  return file;
}

async function upload(client, file, query) {
  const body = readFileSync(file);
  const started = await client.request('POST', `/api/v1/imports/members?${query}`, {
    raw: body, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${started.body.id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import still running');
}

describe('roster import', () => {
  let county, clerk, union, other;

  before(async () => {
    county = await Client.login('wucheng_admin');
    clerk = await Client.login('township_clerk');
    const made = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('导入公司工会'), division_code: '330702' });
    union = made.body;
    other = (await Client.login('yiwu_admin')).me.org_id;
  });

  for (const [label, options] of [['UTF-8', []], ['UTF-8 with BOM', ['--encoding', 'utf-8-sig']], ['GBK', ['--encoding', 'gbk']], ['.xlsx', ['--xlsx']]]) {
    it(`reads a ${label} roster, stores the valid rows and reports each bad one`, async () => {
      const file = roster(`r-${label}.${label === '.xlsx' ? 'xlsx' : 'csv'}`, 120, options);
      const before = (await county.get(`/api/v1/orgs/${union.id}/stats`)).body.members;
      const job = await upload(clerk, file, `org_id=${union.id}`);
      assert.equal(job.state, 'done', job.error);
      const { problems, problems_total: shown, ...counts } = job.summary;
      assert.equal(problems.length, 12, 'the refused lines listed for the page too');
      assert.equal(shown, 12);
      assert.deepEqual(counts, { format: { 'UTF-8': 'csv-utf8', 'UTF-8 with BOM': 'csv-utf8-bom', GBK: 'csv-gbk', '.xlsx': 'xlsx' }[label], rows: 120, stored: 108, unchanged: 0, refused: 12 });
      assert.equal((await county.get(`/api/v1/orgs/${union.id}/stats`)).body.members, before + 108);
      const report = await clerk.get(`/api/v1/jobs/${job.id}/file`);
      const rows = await readSheet(report.bytes);
      assert.deepEqual(rows[0], ['行号', '列', '值', '原因', 'Reason'], 'the shared row-problem shape: both languages');
      const reasons = rows.slice(1).map((r) => `${r[1]}:${r[3]}`).join('\n');
      for (const expected of [/身份证号:身份证号校验位错误/, /手机号:手机号应为 11 位/, /职工类别:未知的职工类别：宇航员/, /入会日期:入会日期不能晚于今天/, /姓名:姓名应为/, /身份证号:与本文件第 \d+ 行是同一人/]) {
        assert.match(reasons, expected);
      }
      assert.ok(rows.slice(1).every((r) => typeof r[0] === 'number' && r[0] > 1), 'line numbers');
      assert.ok(rows.slice(1).every((r) => typeof r[4] === 'string' && r[4].length > 0), 'an English reason on every row');
      assert.match(rows.slice(1).map((r) => r[4]).join('\n'), /the phone must be 11 digits/, 'beside the Chinese');
      assert.ok(rows.slice(1).filter((r) => r[1] === '身份证号').every((r) => /\*{6,}/.test(r[2])), 'ID numbers masked');

      const again = await upload(clerk, file, `org_id=${union.id}`);
      assert.equal(again.summary.stored, 0, 're-importing stores nothing');
      assert.equal(again.summary.unchanged, 108);
    });
  }

  it('checks without storing (dry run), and stores nothing of a file with a bad row (all or nothing)', async () => {
    const file = roster('modes.csv', 60);
    const before = (await county.get(`/api/v1/orgs/${union.id}/stats`)).body.members;
    const dry = await upload(clerk, file, `org_id=${union.id}&mode=dry_run`);
    assert.equal(dry.summary.stored, 54);
    const all = await upload(clerk, file, `org_id=${union.id}&mode=all_or_nothing`);
    assert.equal(all.summary.stored, 0);
    assert.equal(all.summary.refused, 6);
    assert.equal((await county.get(`/api/v1/orgs/${union.id}/stats`)).body.members, before);
    const clean = roster('clean.csv', 30, ['--bad', '0']);
    const ok = await upload(clerk, clean, `org_id=${union.id}&mode=all_or_nothing`);
    assert.equal(ok.summary.stored, 30);
    assert.equal((await clerk.post('/api/v1/imports/members?mode=sometimes', {})).status, 400);
  });

  it('never moves a member of another union, and keeps a clerk to their own scope', async () => {
    const file = roster('conflict.csv', 12, ['--bad', '0']);
    await upload(county, file, `org_id=${union.id}`);
    const elsewhere = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('另一工会'), division_code: '330702' });
    const job = await upload(clerk, file, `org_id=${elsewhere.body.id}`);
    assert.equal(job.summary.stored, 0);
    assert.equal(job.summary.refused, 12);
    const rows = await readSheet((await clerk.get(`/api/v1/jobs/${job.id}/file`)).bytes);
    assert.match(rows[1][3], /已是「.*」的会员，须办理会籍转接/);
    const outside = await upload(clerk, file, `org_id=${other}`);
    assert.equal(outside.state, 'failed');
    assert.match(outside.error, /不在您的管辖范围内/);
  });

  it('imports from the command line, and a re-run after a kill completes the file', async () => {
    const rows = 20000;
    const file = roster('cli.csv', rows, ['--bad', '0']);
    const before = (await county.get(`/api/v1/orgs/${union.id}/stats`)).body.members;
    const run = (...extra) => niangjia('import', 'members', file, '--org', String(union.id), '--as', 'wucheng_admin', ...extra);
    const dry = run('--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, new RegExp(`${rows} would be stored`));
    // Killed part-way (batches of 1000 rows here): whole batches are in, no row is half-written.
    spawnSync('timeout', ['-s', 'KILL', '0.6', process.env.NJ_BIN, '--db', process.env.NJ_DB, '--key-file', process.env.NJ_KEY_FILE,
      '--log-level', 'warn', 'import', 'members', file, '--org', String(union.id), '--as', 'wucheng_admin', '--batch-rows', '1000']);
    const partial = (await county.get(`/api/v1/orgs/${union.id}/stats`)).body.members - before;
    assert.equal(partial % 1000 === 0 || partial === rows, true, `whole batches only: ${partial}`);
    const rerun = run();
    assert.equal(rerun.status, 0, rerun.stderr);
    const m = /(\d+) stored, (\d+) already members there/.exec(rerun.stdout);
    assert.deepEqual([Number(m[1]), Number(m[2])], [rows - partial, partial], rerun.stdout);
    assert.equal((await county.get(`/api/v1/orgs/${union.id}/stats`)).body.members - before, rows);
    assert.match(run().stdout, new RegExp(`0 stored, ${rows} already members there`));

    const bad = roster('cli-bad.csv', 60);
    const withBad = niangjia('import', 'members', bad, '--org', String(union.id), '--as', 'wucheng_admin', '--report', join(dir, 'report.csv'));
    assert.equal(withBad.status, 1);
    assert.match(readFileSync(join(dir, 'report.csv'), 'utf8'), /^\uFEFF行号,列,值,原因,Reason\r?\n/);
    assert.equal(niangjia('import', 'members', join(dir, 'nope.csv'), '--org', String(union.id), '--as', 'wucheng_admin').status !== 0, true);
  });
});
