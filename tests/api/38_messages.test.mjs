// The message centre as the portal shows it: messages made by real events (a payment paid and a
// payment the bank failed, a transfer refused and accepted), newest first by pages, the unread
// count on /portal/me, one read or all; another member's message is 404; an event run again posts
// nothing twice.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, chinaYear, memberBody, newId, uniqueName, sql } from './lib.mjs';

let phoneSeq = Date.now() % 1e7;
const newPhone = () => `147${String(phoneSeq++ % 1e8).padStart(8, '0')}`;

// The bank's answer to a generic bank file: every payment succeeds unless `fail` maps its item id
// to the bank's reason.
function resultFor(bankFile, fail = {}) {
  const rows = bankFile.trim().split('\r\n').filter((l) => l.startsWith('D,'))
    .map((l) => l.split(','))
    .map((f) => ({ item: f[2], account: f[3], amount: Number(f[6]) }));
  const lines = rows.map((r) => `R,${r.item},${r.account},${r.amount},${fail[r.item] ? 'F' : 'S'},${fail[r.item] ?? ''}`);
  return `${lines.join('\r\n')}\r\nT,${rows.length},${rows.reduce((n, r) => n + r.amount, 0)}\r\n`;
}

async function waitJob(client, id) {
  for (let i = 0; i < 400; i++) {
    const job = await client.get(`/api/v1/jobs/${id}`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job still running');
}

describe('messages in the portal', () => {
  let clerk, county, yiwu, union, away, a, b, portalA, portalB;
  const password = 'messages-2026';

  const addMember = async (name) => {
    const idNumber = newId();
    const phone = newPhone();
    const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: idNumber, phone }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return { ...r.body, idNumber, phone };
  };
  const signIn = async (m) => {
    const c = new Client();
    const r = await c.post('/api/v1/portal/activate', { phone: m.phone, id_number: m.idNumber, password });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return c;
  };
  const messagesOf = async (c) => {
    const r = await c.get('/api/v1/portal/messages?limit=200');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items;
  };

  before(async () => {
    clerk = await Client.login('township_clerk');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('消息测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const v = await yiwu.post('/api/v1/orgs', { parent_id: yiwu.me.org_id, kind: 'enterprise_union', name: uniqueName('消息转入公司工会'), division_code: '330702' });
    assert.equal(v.status, 201, JSON.stringify(v.body));
    away = v.body;
    a = await addMember('消息甲');
    b = await addMember('消息乙');
    portalA = await signIn(a);
    portalB = await signIn(b);
  });

  it('starts with no messages and a zero unread count on the card', async () => {
    assert.deepEqual(await messagesOf(portalA), []);
    const me = await portalA.get('/api/v1/portal/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.unread_messages, 0);
  });

  it('tells each member what became of their payment: paid, or failed with the bank\'s reason; once', async () => {
    for (const m of [a, b]) {
      const acc = await clerk.put(`/api/v1/members/${m.id}/bank-account`, { bank_code: '102', account_no: '6222600260001072444', holder: m.name, reason: '会员提供工资卡' });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
    }
    const items = {};
    for (const [m, fen] of [[a, 12345], [b, 6789]]) {
      const r = await clerk.post('/api/v1/payout/items', { source_module: 'mutual_aid', source_id: `msg-${process.pid}-${m.id}`, member_id: m.id, amount_fen: fen, purpose: '住院医疗互助金', fund: 'mutual_aid' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      items[m.id] = r.body;
    }
    const batch = (await clerk.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: union.id })).body;
    assert.equal((await county.post(`/api/v1/payout/batches/${batch.id}/approve`, { reason: '核对无误' })).status, 200);
    assert.equal((await clerk.post(`/api/v1/payout/batches/${batch.id}/export`, { format: 'generic' })).status, 200);
    const file = await clerk.get(`/api/v1/payout/batches/${batch.id}/file`);
    const result = resultFor(file.text, { [items[b.id].id]: '账户已销户' });
    const upload = async () => {
      const r = await clerk.request('POST', `/api/v1/payout/batches/${batch.id}/reconcile`, { raw: Buffer.from(result), headers: { 'content-type': 'application/octet-stream' } });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      return waitJob(clerk, r.body.id);
    };
    assert.equal((await upload()).state, 'done');

    const [paid] = await messagesOf(portalA);
    assert.equal(paid.code, 'payout.paid');
    assert.deepEqual(paid.params, { item_id: items[a.id].id, amount_fen: 12345, purpose: '住院医疗互助金', link: '/payments' });
    assert.equal(paid.read_at, null);
    assert.ok(paid.created_at);
    const [failed] = await messagesOf(portalB);
    assert.equal(failed.code, 'payout.failed');
    assert.equal(failed.params.reason, '账户已销户');
    assert.equal(failed.params.amount_fen, 6789);

    // Reconciled again with the same file: nothing changes, nobody is told twice.
    assert.equal((await upload()).summary.already, true);
    assert.equal((await messagesOf(portalA)).length, 1);
    assert.equal((await messagesOf(portalB)).length, 1);
  });

  it('tells the member a transfer was refused (with the reason) or accepted; a step run again posts nothing twice', async () => {
    const asked = await portalB.post('/api/v1/portal/transfer', { to_org_id: away.id, reason: '换了新工作' });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    assert.equal((await yiwu.post(`/api/v1/transfers/${asked.body.id}/refuse`, { reason: '岗位已满' })).status, 200);
    let list = await messagesOf(portalB);
    assert.equal(list[0].code, 'transfer.refused');
    assert.deepEqual(list[0].params, { transfer_id: asked.body.id, from_org: union.name, to_org: away.name, reason: '岗位已满', link: '/transfer' });

    // The same refusal again (the request put back as it was, as a re-run would find it): the
    // event's message exists already.
    sql(`UPDATE transfer SET state = 'requested' WHERE id = ${asked.body.id}`);
    assert.equal((await yiwu.post(`/api/v1/transfers/${asked.body.id}/refuse`, { reason: '岗位已满' })).status, 200);
    list = await messagesOf(portalB);
    assert.equal(list.filter((m) => m.code === 'transfer.refused').length, 1, 'one message per event');

    const again = await portalB.post('/api/v1/portal/transfer', { to_org_id: away.id, reason: '再次申请' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal((await yiwu.post(`/api/v1/transfers/${again.body.id}/accept`, {})).status, 200);
    list = await messagesOf(portalB);
    assert.deepEqual(list.map((m) => m.code), ['transfer.accepted', 'transfer.refused', 'payout.failed'], 'newest first');
    assert.equal(list[0].params.transfer_id, again.body.id);
    assert.equal(list[0].params.reason, undefined, 'an acceptance gives no reason');
    assert.equal((await portalB.get('/api/v1/portal/me')).body.unread_messages, 3);
  });

  it('tells the member a claim was approved (with the amount) or rejected (with the reason), once each', async () => {
    const year = chinaYear() - 1;
    const code = `MSG${process.pid % 10000}${Date.now() % 100000}`;
    const plan = await (await Client.login('city_admin')).post('/api/v1/aid/plans', {
      code, name: `消息测试方案 ${code}`, start: `${year}-01-01`, end: `${year + 1}-12-31`, contribution_fen: 5000, waiting_days: 90, overall_cap_fen: 6000000,
      benefits: [{ visit_type: 'inpatient', deductible_fen: 50000, cap_fen: 5000000, tiers: [{ up_to_fen: null, percent: 50 }] }],
    });
    assert.equal(plan.status, 201, JSON.stringify(plan.body));
    const enrolled = await clerk.post(`/api/v1/aid/plans/${code}/enrolments`, { org_id: union.id, start: `${year}-01-01` });
    assert.ok(enrolled.status < 300, JSON.stringify(enrolled.body));
    const claim = (over) => clerk.post('/api/v1/aid/hand-claims', {
      plan_code: code, member_id: a.id, visit_type: 'inpatient', hospital: '金华市中心医院', admission_date: `${year}-06-01`, discharge_date: `${year}-06-09`,
      diagnosis_code: 'K35.8', total: '30000.00', fund_paid: '18000.00', self_paid_in_scope: '9000.00', self_paid_out_of_scope: '3000.00', ...over,
    });
    const paid = await claim({});
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    const checked = await clerk.post(`/api/v1/aid/hand-claims/${paid.body.id}/check`);
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    const approved = await county.post(`/api/v1/aid/hand-claims/${paid.body.id}/approve`, { reason: '票据原件另行寄送' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const refused = await claim({ admission_date: `${year}-07-01`, discharge_date: `${year}-07-05` });
    assert.equal(refused.status, 201, JSON.stringify(refused.body));
    assert.equal((await clerk.post(`/api/v1/aid/hand-claims/${refused.body.id}/reject`, { reason: '重复报销' })).status, 200);
    assert.equal((await clerk.post(`/api/v1/aid/hand-claims/${refused.body.id}/reject`, { reason: '再次' })).status, 409);

    const list = await messagesOf(portalA);
    const [rejectedMsg, approvedMsg] = list;
    assert.equal(rejectedMsg.code, 'claim.rejected');
    assert.deepEqual(rejectedMsg.params, { claim_id: refused.body.id, plan: `消息测试方案 ${code}`, discharge_date: `${year}-07-05`, reason: '重复报销', link: '/aid' });
    assert.equal(approvedMsg.code, 'claim.approved');
    assert.equal(approvedMsg.params.claim_id, paid.body.id);
    assert.equal(approvedMsg.params.amount_fen, approved.body.amount_fen);
    assert.ok(approvedMsg.params.amount_fen > 0);
    assert.equal(list.filter((m) => m.code.startsWith('claim.')).length, 2, 'one message per decision');
  });

  it('tells the worker their hardship archive\'s application was returned (each return is news) or approved', async () => {
    const perHead = 80000;
    const standard = await county.put(`/api/v1/hardship/standards/330702/${chinaYear()}`, { monthly_fen: 100000, relative_pct: 200 });
    assert.equal(standard.status, 200, JSON.stringify(standard.body));
    const c = await addMember('消息丙');
    const portalC = await signIn(c);
    const made = await clerk.post('/api/v1/hardship/archives', {
      member_id: c.id, causes: ['illness'],
      household: [
        { name: '本人', relation: 'self', age: 46, health: 'serious', schooling: 'none', annual_income_fen: perHead * 12 },
        { name: '配偶', relation: 'spouse', age: 44, health: 'healthy', schooling: 'none', annual_income_fen: perHead * 12 },
      ],
      income_sources: [{ source: 'wages', monthly_fen: perHead * 2 }], medical_spending_fen: 0, school_spending_fen: 0,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const submit = async () => {
      const r = await clerk.post(`/api/v1/hardship/archives/${made.body.id}/submit`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.application_id;
    };
    const app = await submit();
    assert.equal((await county.post(`/api/v1/applications/${app}/return`, { reason: '请补充医疗费用票据' })).status, 200);
    await submit();
    assert.equal((await county.post(`/api/v1/applications/${app}/return`, { reason: '票据不清晰' })).status, 200);
    const list = await messagesOf(portalC);
    assert.deepEqual(list.map((m) => [m.code, m.params.reason]), [['application.returned', '票据不清晰'], ['application.returned', '请补充医疗费用票据']]);
    assert.equal(list[0].params.application_id, app);
    assert.equal(list[0].params.kind, 'hardship_archive');
    assert.ok(list[0].params.title.includes('消息丙'), list[0].params.title);
    assert.equal(list[0].params.link, '/hardship');
    // A review passed up a level tells the worker nothing yet.
    await submit();
    const reviewed = await county.post(`/api/v1/applications/${app}/approve`, {});
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    if (reviewed.body.state === 'submitted') {
      assert.equal((await messagesOf(portalC)).length, 2, 'a review is no decision');
      const decided = await (await Client.login('city_admin')).post(`/api/v1/applications/${app}/approve`, {});
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
    }
    const [approved] = await messagesOf(portalC);
    assert.equal(approved.code, 'application.approved');
    assert.equal(approved.params.reason, undefined);
  });

  it('pages newest first with a cursor, and refuses a bad page', async () => {
    const first = await portalB.get('/api/v1/portal/messages?limit=2');
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.next_cursor);
    const rest = await portalB.get(`/api/v1/portal/messages?limit=2&cursor=${first.body.next_cursor}`);
    assert.equal(rest.body.items.length, 1);
    assert.equal(rest.body.next_cursor, null);
    assert.ok(first.body.items[1].id > rest.body.items[0].id);
    for (const q of ['limit=0', 'limit=201', 'cursor=abc', 'cursor=-1']) {
      const r = await portalB.get(`/api/v1/portal/messages?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.field, q.split('=')[0], q);
    }
  });

  it('marks one read, then all; another member\'s message is no such message', async () => {
    const [mineA] = await messagesOf(portalA);
    const listB = await messagesOf(portalB);
    // Another member's message reads as missing, and stays unread for its owner.
    const theirs = await portalA.post(`/api/v1/portal/messages/${listB[0].id}/read`, {});
    assert.equal(theirs.status, 404);
    assert.equal((await portalB.get('/api/v1/portal/me')).body.unread_messages, 3);
    assert.equal((await portalA.post('/api/v1/portal/messages/999999999/read', {})).status, 404);
    assert.equal((await portalA.post('/api/v1/portal/messages/abc/read', {})).status, 404);

    const read = await portalB.post(`/api/v1/portal/messages/${listB[1].id}/read`, {});
    assert.equal(read.status, 200, JSON.stringify(read.body));
    assert.equal(read.body.id, listB[1].id);
    assert.ok(read.body.read_at);
    const readAgain = await portalB.post(`/api/v1/portal/messages/${listB[1].id}/read`, {});
    assert.equal(readAgain.body.read_at, read.body.read_at, 'read once: the time stays');
    assert.equal((await portalB.get('/api/v1/portal/me')).body.unread_messages, 2);

    const all = await portalB.post('/api/v1/portal/messages/read-all', {});
    assert.deepEqual([all.status, all.body.marked], [200, 2]);
    assert.equal((await portalB.get('/api/v1/portal/me')).body.unread_messages, 0);
    assert.ok((await messagesOf(portalB)).every((m) => m.read_at));
    assert.equal((await portalA.get('/api/v1/portal/me')).body.unread_messages, 3, 'another member\'s untouched');
    assert.equal((await messagesOf(portalA))[0].id, mineA.id);
  });

  it('answers only a signed-in member, with the CSRF token on a change', async () => {
    assert.equal((await new Client().get('/api/v1/portal/messages')).status, 401);
    assert.equal((await clerk.get('/api/v1/portal/messages')).status, 401, 'a console session is not a member');
    assert.equal((await new Client().post('/api/v1/portal/messages/read-all', {})).status, 401);
    const noCsrf = await portalA.request('POST', '/api/v1/portal/messages/read-all', { body: {}, csrf: false });
    assert.equal(noCsrf.status, 403);
    assert.equal((await portalA.get('/api/v1/portal/me')).body.unread_messages, 3, 'nothing marked');
  });
});
