// The input contract (notes/contract.md) at the edges of members, organisations, payouts,
// approvals and statistics: values out of bounds answer 400 naming the field and echo no more
// than a short prefix; a value stored out of bounds (put in behind the API's back) breaks no read,
// and the route that writes it can write it back.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, sql, uniqueName } from './lib.mjs';

const INT64_MAX = '9223372036854775807';
const MEGA = 'x'.repeat(1_000_000); // under the 1 MB body limit with the other fields

// A JSON body whose "__BIG__" strings are numbers too large for a JavaScript number.
const big = (body) => JSON.stringify(body).replaceAll('"__BIG__"', INT64_MAX);

// A 400 naming `field` whose answer echoes at most a short prefix of what was sent.
function refused(r, field, what = '') {
  assert.equal(r.status, 400, `${what} ${r.text.slice(0, 300)}`);
  assert.equal(r.body.field, field, what);
  assert.ok(r.text.length < 2000, `${what}: the answer is ${r.text.length} bytes`);
  assert.ok(!r.text.includes('x'.repeat(65)), `${what}: the answer echoes a long input`);
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode() {
  let first17 = '913307';
  for (let i = 0; i < 11; i++) first17 += ALPHABET[Math.floor(Math.random() * 31)];
  const sum = [...first17].reduce((a, c, i) => a + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}

describe('bounded input: members, organisations, payouts, approvals, statistics', () => {
  let clerk, county, chair, union, member;
  const cleanup = [];

  before(async () => {
    clerk = await Client.login('township_clerk');
    county = await Client.login('wucheng_admin');
    chair = await Client.login('grassroots_chair');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('边界测试工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const m = await clerk.post('/api/v1/members', memberBody(union.id, { name: '边界甲' }));
    assert.equal(m.status, 201, JSON.stringify(m.body));
    member = m.body;
  });

  after(() => {
    for (const statement of cleanup) sql(statement);
  });

  it('payouts: a purpose is one short line; amounts, months and ids in a query are bounded', async () => {
    const item = (over) => clerk.post('/api/v1/payout/items', { source_module: 'mutual_aid', source_id: uniqueName('bound-'),
      member_id: member.id, amount_fen: 100, purpose: '住院医疗互助金', fund: 'mutual_aid', ...over });
    refused(await item({ purpose: '住院医疗\r\n互助金' }), 'purpose', 'CR/LF in a purpose');
    refused(await item({ purpose: '住院\n互助金' }), 'purpose', 'LF in a purpose');
    refused(await item({ purpose: MEGA }), 'purpose', '1 MB purpose');
    refused(await item({ source_id: 'a\u0000b' }), 'source_id', 'NUL in source_id');
    const raw = (over) => clerk.request('POST', '/api/v1/payout/items', { raw: big({ source_module: 'mutual_aid', source_id: uniqueName('bound-'),
      member_id: member.id, amount_fen: 100, purpose: '互助金', fund: 'mutual_aid', ...over }) });
    refused(await raw({ amount_fen: '__BIG__' }), 'amount_fen', 'INT64_MAX fen');
    refused(await raw({ amount_fen: -1 }), 'amount_fen', 'negative fen');
    refused(await raw({ member_id: -5 }), 'member_id', 'negative id');

    refused(await clerk.get('/api/v1/ledger/report?from=0000-01'), 'from', 'year 0000');
    refused(await clerk.get('/api/v1/ledger/report?to=2101-01'), 'to', 'year 2101');
    refused(await clerk.get('/api/v1/payout/items?member_id=99999999999999999999'), 'member_id', 'a huge id');
    refused(await clerk.get(`/api/v1/payout/items?fund=${'x'.repeat(500)}`), 'fund', 'a long fund');
    const ok = await item({ purpose: '住院医疗互助金' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  it('organisations: text without control characters, counts and dates bounded, in bodies and payloads', async () => {
    const enterprise = (over) => clerk.request('POST', '/api/v1/enterprises', { raw: big({ credit_code: creditCode(), name: uniqueName('边界企业'), division_code: '330702', ...over }) });
    refused(await enterprise({ employees: '__BIG__' }), 'employees', 'INT64_MAX employees');
    refused(await enterprise({ name: '边界\u0000企业' }), 'name', 'NUL in a name');
    refused(await enterprise({ industry: '制造\u001b业' }), 'industry', 'ESC in an industry');
    refused(await enterprise({ name: MEGA }), 'name', '1 MB name');

    const payload = { name: uniqueName('边界企业工会'), kind: 'enterprise_union', division_code: '330702', founding_members: 30, term_years: 5,
      committee: [{ name: '张主席', role: 'chair' }, { name: '李经审', role: 'funds_audit_chair' }, { name: '王女工', role: 'women_chair' }] };
    const establish = (over) => clerk.request('POST', '/api/v1/applications', { raw: big({ kind: 'establish', org_id: clerk.me.org_id, payload: { ...payload, ...over } }) });
    refused(await establish({ founding_members: '__BIG__' }), 'founding_members', 'INT64_MAX founding members');
    refused(await establish({ term_years: -5 }), 'term_years', 'negative term');
    refused(await establish({ committee: [{ name: '张\r\n主席', role: 'chair' }] }), 'committee.0.name', 'CR/LF in a seat');

    const reelect = (over) => chair.request('POST', '/api/v1/applications', { raw: big({ kind: 'reelect', org_id: chair.me.org_id, payload: {
      elected_on: '2021-12-01', term_years: 5, how_elected: 'direct', votes_cast: 40,
      committee: [{ name: '陈直选', role: 'chair', votes: 35 }], ...over } }) });
    refused(await reelect({ votes_cast: '__BIG__' }), 'votes_cast', 'INT64_MAX votes cast');
    refused(await reelect({ elected_on: '0000-01-01' }), 'elected_on', 'year 0000');
    refused(await reelect({ committee: [{ name: '陈直选', role: 'chair', votes: -1 }] }), 'committee.0.votes', 'negative votes');

    refused(await clerk.get('/api/v1/committees/expiring?days=9223372036854775807'), 'days', 'a huge number of days');
    refused(await clerk.get(`/api/v1/enterprises?q=${'企'.repeat(300)}`), 'q', 'a long search');
    refused(await county.post(`/api/v1/orgs/${union.id}/ratings`, { year: 0, scores: {} }), 'year', 'year 0');
  });

  it('members and approvals: one-line text with a length, multi-line reasons, long queries', async () => {
    refused(await clerk.post('/api/v1/members', memberBody(union.id, { employer: '测试\u0007公司' })), 'employer', 'BEL in an employer');
    refused(await clerk.post('/api/v1/members', memberBody(union.id, { employer: MEGA })), 'employer', '1 MB employer');
    refused(await clerk.post('/api/v1/members', memberBody(union.id, { join_date: '0000-01-01' })), 'join_date', 'year 0000');
    refused(await clerk.post(`/api/v1/members/${member.id}/status`, { status: 'suspended', reason: MEGA }), 'reason', '1 MB reason');
    refused(await clerk.get(`/api/v1/members?name=${'张'.repeat(300)}`), 'name', 'a long name query');
    refused(await clerk.get(`/api/v1/members?org_id=${INT64_MAX}0`), 'org_id', 'an id past INT64_MAX');
    refused(await clerk.get(`/api/v1/applications?kind=${'x'.repeat(500)}`), 'kind', 'a long kind');
    // A reason may hold lines, folded to \n.
    const suspended = await clerk.post(`/api/v1/members/${member.id}/status`, { status: 'suspended', reason: '第一行\r\n第二行' });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    refused(await clerk.post(`/api/v1/members/${member.id}/status`, { status: 'active', reason: '一\r二' }), 'reason', 'a lone CR');
  });

  it('reads stored values out of range without failing, and writes them back through the route', async () => {
    const MAX = INT64_MAX;
    // Employees: two enterprises of the township at INT64_MAX overflow any 64-bit sum.
    const made = [];
    for (let i = 0; i < 2; i++) {
      const r = await clerk.post('/api/v1/enterprises', { credit_code: creditCode(), name: uniqueName('溢出企业'), division_code: '330702', employees: 10 });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      made.push(r.body);
    }
    sql(`UPDATE enterprise SET employees = ${MAX} WHERE id IN (${made[0].id}, ${made[1].id})`);
    const coverage = await clerk.get(`/api/v1/orgs/${clerk.me.org_id}/coverage`);
    assert.equal(coverage.status, 200, coverage.text.slice(0, 300));
    assert.ok(coverage.body.employees > 0);
    for (const e of made) {
      const back = await clerk.put(`/api/v1/enterprises/${e.id}`, { credit_code: e.credit_code, name: e.name, division_code: '330702', org_id: e.org_id, employees: 10 });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal(back.body.employees, 10);
    }
    assert.ok((await clerk.get(`/api/v1/orgs/${clerk.me.org_id}/coverage`)).body.employees < 1e15);

    // Member counts of a union (two categories at INT64_MAX): the union's lists and statistics.
    const counts = `DELETE FROM org_member_count WHERE org_id = ${union.id}`;
    sql(counts);
    cleanup.push(counts);
    sql(`INSERT INTO org_member_count (org_id, category, own, subtree) VALUES (${union.id}, 'front_line', 0, ${MAX}), (${union.id}, 'courier', 0, ${MAX})`);
    const children = await clerk.get(`/api/v1/orgs?parent_id=${clerk.me.org_id}`);
    assert.equal(children.status, 200, children.text.slice(0, 300));
    assert.ok(children.body.items.some((o) => o.id === union.id));
    assert.equal((await clerk.get(`/api/v1/orgs/${union.id}`)).status, 200);
    const stats = await clerk.get(`/api/v1/stats/overview?org_id=${union.id}`);
    assert.equal(stats.status, 200, stats.text.slice(0, 300));

    // Ledger balances of the union and the township at INT64_MAX: the balances still read.
    for (const org of [union.id, clerk.me.org_id]) {
      const gone = `DELETE FROM ledger_balance WHERE fund = 'mutual_aid' AND account = 'bound_test' AND org_id = ${org}`;
      sql(gone);
      cleanup.push(gone);
      sql(`INSERT INTO ledger_balance (fund, account, org_id, balance_fen) VALUES ('mutual_aid', 'bound_test', ${org}, ${MAX})`);
    }
    const balances = await clerk.get(`/api/v1/ledger/balances?org_id=${clerk.me.org_id}`);
    assert.equal(balances.status, 200, balances.text.slice(0, 300));
    assert.ok(balances.body.items.some((b) => b.account === 'bound_test' && b.balance_fen > 0));
  });
});
