import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readSheet } from 'read-excel-file/node';
import { Client } from './lib.mjs';

// Starts an export and waits for it; returns the finished job.
async function exportList(client, list, filters, headers) {
  const started = await client.post('/api/v1/exports', { list, filters }, { headers });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  for (let i = 0; i < 200; i++) {
    const job = await client.get(`/api/v1/jobs/${started.body.id}`);
    assert.equal(job.status, 200);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('export still running after 10 s');
}

async function rows(client, job) {
  const file = await client.get(`/api/v1/jobs/${job.id}/file`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-type'), /spreadsheetml/);
  assert.match(file.headers.get('content-disposition'), /^attachment;.*filename\*=UTF-8''/);
  return readSheet(file.bytes);
}

describe('exports to Excel', () => {
  let yiwu, township;

  before(async () => {
    yiwu = await Client.login('yiwu_admin');
    township = await Client.login('township_clerk');
  });

  it('writes exactly the rows the list shows, in its order, masked', async () => {
    const filters = { category: 'courier' };
    const shown = [];
    let cursor = '';
    do {
      const page = await yiwu.get(`/api/v1/members?category=courier&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      shown.push(...page.body.items);
      cursor = page.body.next_cursor;
    } while (cursor);
    assert.ok(shown.length > 0);

    const job = await exportList(yiwu, 'members', filters);
    assert.equal(job.state, 'done');
    assert.equal(job.done, shown.length);
    assert.equal(job.total, shown.length);
    assert.match(job.file_name, /^会员_\d{8}\.xlsx$/);
    const sheet = await rows(yiwu, job);
    assert.deepEqual(sheet[0], ['会员编号', '姓名', '性别', '身份证号', '手机号', '所属工会', '工作单位', '职工类别', '入会日期', '会籍状态']);
    assert.equal(sheet.length, shown.length + 1);
    sheet.slice(1).forEach((row, i) => {
      assert.equal(row[1], shown[i].name);
      assert.equal(row[3], shown[i].id_number);
      assert.match(row[3], /\*{6,}/);
      assert.equal(row[7], '快递员');
    });
  });

  it('answers in English when asked', async () => {
    const job = await exportList(yiwu, 'orgs', {}, { 'accept-language': 'en' });
    assert.match(job.file_name, /^Organisations_\d{8}\.xlsx$/);
    const sheet = await rows(yiwu, job);
    assert.deepEqual(sheet[0].slice(0, 4), ['Name', 'Kind', 'Division code', 'Members']);
    const children = (await yiwu.get(`/api/v1/orgs?parent_id=${yiwu.me.org_id}`)).body.items;
    assert.deepEqual(sheet.slice(1).map((r) => r[0]), children.map((o) => o.name));
  });

  it('refuses bad requests before starting anything', async () => {
    const unknown = await yiwu.post('/api/v1/exports', { list: 'salaries' });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.field, 'list');
    const badId = await yiwu.post('/api/v1/exports', { list: 'members', filters: { org_id: 'x' } });
    assert.equal(badId.status, 400);
    assert.equal(badId.body.field, 'filters.org_id');
    const badCategory = await yiwu.post('/api/v1/exports', { list: 'members', filters: { category: 'pilot' } });
    assert.equal(badCategory.status, 400);
    assert.equal(badCategory.body.field, 'category');
    const outside = await yiwu.post('/api/v1/exports', { list: 'members', filters: { org_id: String(township.me.org_id) } });
    assert.equal(outside.status, 404);
    const noRight = await township.post('/api/v1/exports', { list: 'users' });
    assert.equal(noRight.status, 403);
    const noCsrf = await yiwu.post('/api/v1/exports', { list: 'orgs' }, { csrf: false });
    assert.equal(noCsrf.status, 403);
  });

  it('keeps a job and its file to the user who started it, and audits the export', async () => {
    const job = await exportList(yiwu, 'members', { category: 'truck_driver' });
    const other = await Client.login('city_admin');
    assert.equal((await other.get(`/api/v1/jobs/${job.id}`)).status, 404);
    assert.equal((await other.get(`/api/v1/jobs/${job.id}/file`)).status, 404);
    assert.equal((await new Client().get(`/api/v1/jobs/${job.id}/file`)).status, 401);
    const audit = await other.get('/api/v1/audit?action=export&entity=member');
    const entry = audit.body.items.find((a) => a.username === 'yiwu_admin' && a.after.includes('truck_driver'));
    assert.ok(entry, 'the export is in the audit log');
    assert.match(entry.after, new RegExp(`"rows":${job.done}`));
  });
});
