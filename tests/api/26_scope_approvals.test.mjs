// Scope and approvals (issue 14): an application's subject is tied to the filer's organisation
// (an archive, a grant, a batch of another union cannot be named); reading applications needs the
// kind's read permission; a standard is set by the federation that owns the division, by
// organisation path (not by a division-code prefix).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, newId, sql, uniqueName, chinaYear } from './lib.mjs';

const YEAR = chinaYear();
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function creditCode() {
  let first17 = '913307';
  for (let i = 0; i < 11; i++) first17 += ALPHABET[Math.floor(Math.random() * 31)];
  const sum = [...first17].reduce((a, c, i) => a + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}

function archiveBody(memberId) {
  return {
    member_id: memberId, causes: ['illness'],
    household: [
      { name: '本人', relation: 'self', age: 46, health: 'serious', schooling: 'none', annual_income_fen: 80000 * 12 },
      { name: '配偶', relation: 'spouse', age: 44, health: 'healthy', schooling: 'none', annual_income_fen: 80000 * 12 },
    ],
    income_sources: [{ source: 'wages', monthly_fen: 160000 }],
    medical_spending_fen: 0, school_spending_fen: 0,
  };
}

async function userAt(admin, orgId, role) {
  const username = uniqueName('scope').replace(/[^A-Za-z0-9]/g, '') + 'u' + (Date.now() % 100000);
  const r = await admin.post('/api/v1/users', { username, password: 'scope14-password', role, org_id: orgId });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return Client.login(username, 'scope14-password');
}

describe('approvals: the subject is the filer\'s, reading needs the kind\'s permission', () => {
  let city, county, other, clerk, union, draft, submitted;

  before(async () => {
    city = await Client.login('city_admin');
    county = await Client.login('wucheng_admin');
    other = await Client.login('yiwu_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('审批范围测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    const archives = [];
    for (const name of ['范围甲', '范围乙']) {
      const m = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: newId() }));
      assert.equal(m.status, 201, JSON.stringify(m.body));
      const a = await clerk.post('/api/v1/hardship/archives', archiveBody(m.body.id));
      assert.equal(a.status, 201, JSON.stringify(a.body));
      archives.push(a.body);
    }
    [draft, submitted] = archives;
    const sent = await clerk.post(`/api/v1/hardship/archives/${submitted.id}/submit`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    submitted = (await clerk.get(`/api/v1/hardship/archives/${submitted.id}`)).body;
  });

  it('refuses an archive of another union, and the foreign draft stays a draft', async () => {
    const foreign = await other.post('/api/v1/applications', {
      kind: 'hardship_archive', org_id: other.me.org_id, submit: true, payload: { archive_id: draft.id },
    });
    assert.equal(foreign.status, 400, JSON.stringify(foreign.body));
    assert.equal(foreign.body.field, 'archive_id');
    // Within the filer's own scope but not where the archive is filed: refused too.
    const above = await clerk.post('/api/v1/applications', {
      kind: 'hardship_archive', org_id: clerk.me.org_id, submit: true, payload: { archive_id: draft.id },
    });
    assert.equal(above.status, 400, JSON.stringify(above.body));
    assert.equal(above.body.field, 'archive_id');
    const still = await clerk.get(`/api/v1/hardship/archives/${draft.id}`);
    assert.equal(still.body.state, 'draft');
    assert.equal(still.body.application_id ?? null, null);
  });

  it('refuses a payout batch or a grant of another organisation named in a payload', async () => {
    const batch = await other.post('/api/v1/applications', {
      kind: 'payout_batch', org_id: other.me.org_id, submit: true, payload: { batch_id: 1, title: 'x' },
    });
    assert.equal(batch.status, 400, JSON.stringify(batch.body));
    const grant = await other.post('/api/v1/applications', {
      kind: 'hardship_grant', org_id: other.me.org_id, submit: true, payload: { grant_id: 1 },
    });
    assert.equal(grant.status, 400, JSON.stringify(grant.body));
  });

  it('shows a viewer no application of a kind it may not read', async () => {
    const viewer = await userAt(city, city.me.org_id, 'viewer');
    const app = submitted.application_id ?? submitted.application?.id;
    assert.ok(app, JSON.stringify(submitted));
    assert.equal((await city.get(`/api/v1/applications/${app}`)).status, 200);
    const one = await viewer.get(`/api/v1/applications/${app}`);
    assert.equal(one.status, 403, JSON.stringify(one.body).slice(0, 200));
    assert.doesNotMatch(JSON.stringify(one.body), /范围乙/);
    const list = await viewer.get('/api/v1/applications');
    assert.equal(list.status, 200);
    const kinds = new Set(list.body.items.map((a) => a.kind));
    assert.ok(!kinds.has('hardship_archive') && !kinds.has('hardship_grant') && !kinds.has('payout_batch'), [...kinds].join());
    const asked = await viewer.get('/api/v1/applications?kind=hardship_archive');
    assert.equal(asked.body.items.length, 0);
    // The city admin still sees them.
    const all = await city.get('/api/v1/applications?kind=hardship_archive');
    assert.ok(all.body.items.some((a) => a.id === app));
  });
});

describe('standards: set by the federation owning the division, by organisation path', () => {
  it('refuses a federation below a county that carries the county\'s code', async () => {
    const county = await Client.login('wucheng_admin');
    const f = await county.post('/api/v1/orgs', { parent_id: county.me.org_id, kind: 'township_federation', name: uniqueName('同码乡镇总工会'), division_code: '330702' });
    assert.equal(f.status, 201, JSON.stringify(f.body));
    const below = await userAt(county, f.body.id, 'federation_admin');
    const year = YEAR + 1;
    const r = await below.put(`/api/v1/hardship/standards/330702/${year}`, { monthly_fen: 1, relative_pct: 200 });
    assert.equal(r.status, 403, JSON.stringify(r.body));
    const standards = await county.get(`/api/v1/hardship/standards?division_code=330702&year=${year}`);
    assert.ok(!JSON.stringify(standards.body).includes('"monthly_fen":1,'), 'the county\'s standard is unchanged');
    // The county itself and the city above it still may.
    assert.equal((await county.put(`/api/v1/hardship/standards/330702/${year}`, { monthly_fen: 120000, relative_pct: 200 })).status, 200);
    const city = await Client.login('city_admin');
    assert.equal((await city.put(`/api/v1/hardship/standards/330702/${year}`, { monthly_fen: 121000, relative_pct: 200 })).status, 200);
    assert.equal((await county.put(`/api/v1/hardship/standards/330782/${year}`, { monthly_fen: 120000 })).status, 403);
  });
});

describe('out of scope is 404 everywhere, naming org_id', () => {
  it('answers 404 for an organisation outside the caller\'s scope, as for none at all', async () => {
    const county = await Client.login('wucheng_admin');
    const other = await Client.login('yiwu_admin');
    const foreign = other.me.org_id;
    const cases = [
      ['approval', () => county.post('/api/v1/applications', { kind: 'establish', org_id: foreign, payload: { name: '某公司工会', founding_members: 30 } })],
      ['payout batch', () => county.post('/api/v1/payout/batches', { fund: 'mutual_aid', org_id: foreign })],
      ['campaign', () => county.post('/api/v1/hardship/campaigns', { kind: 'spring_warmth', name: uniqueName('范围'), budget_fen: 1, standards: { deep: 1 }, org_id: foreign })],
      ['enterprise', () => county.post('/api/v1/enterprises', { credit_code: creditCode(), name: uniqueName('企业'), division_code: '330782', employees: 5, org_id: foreign })],
      ['members', () => county.get(`/api/v1/members?org_id=${foreign}`)],
      ['payout items', () => county.get(`/api/v1/payout/items?org_id=${foreign}`)],
      ['hardship archives', () => county.get(`/api/v1/hardship/archives?org_id=${foreign}`)],
      ['aid claims', () => county.get(`/api/v1/aid/hand-claims?org_id=${foreign}`)],
    ];
    for (const [what, call] of cases) {
      const r = await call();
      assert.equal(r.status, 404, `${what}: ${JSON.stringify(r.body).slice(0, 200)}`);
      assert.equal(r.body.field ?? 'org_id', 'org_id', what);
    }
  });

  it('answers 404 for a campaign\'s organisation taking part outside the caller\'s scope, naming org_ids[i]', async () => {
    const county = await Client.login('wucheng_admin');
    const other = await Client.login('yiwu_admin');
    const body = (orgIds) => ({ kind: 'spring_warmth', name: uniqueName('范围'), budget_fen: 1, standards: { deep: 1 }, org_ids: orgIds });
    const foreign = await county.post('/api/v1/hardship/campaigns', body([county.me.org_id, other.me.org_id]));
    assert.equal(foreign.status, 404, JSON.stringify(foreign.body));
    assert.equal(foreign.body.field, 'org_ids[1]');
    const none = await county.post('/api/v1/hardship/campaigns', body([999999999]));
    assert.equal(none.status, 404, JSON.stringify(none.body));
    assert.equal(none.body.field, 'org_ids[0]');
  });
});

describe('a role narrowed to its own organisation (own_org_only) enrols and draws there alone', () => {
  let county, own;

  before(async () => {
    county = await Client.login('wucheng_admin');
    const code = 'own_only_' + (Date.now() % 1e6);
    sql(`INSERT INTO role (code, name, permissions, own_org_only) VALUES ('${code}', '本级干事', 'org:read member:read member:write aid:read aid:write hardship:read hardship:write', 1)`);
    own = await userAt(county, county.me.org_id, code);
    assert.equal(own.me.own_org_only, true);
  });

  it('enrols only the members of its own organisation', async () => {
    const plans = await own.get('/api/v1/aid/plans');
    assert.equal(plans.status, 200, JSON.stringify(plans.body));
    const plan = plans.body.items.find((p) => p.start && p.end);
    assert.ok(plan, JSON.stringify(plans.body).slice(0, 300));
    const r = await own.post(`/api/v1/aid/plans/${plan.code}/enrolments`, { org_id: county.me.org_id, start: plan.start });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.enrolled, 0, 'no member sits at the county federation itself');
  });

  it('draws a campaign from its own organisation only', async () => {
    const created = await own.post('/api/v1/hardship/campaigns', {
      kind: 'spring_warmth', name: uniqueName('本级送温暖'), year: YEAR, budget_fen: 100000000, method: 'card',
      standards: { deep: 100000, relative: 50000 }, org_ids: [county.me.org_id],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const drawn = await own.post(`/api/v1/hardship/campaigns/${created.body.id}/draw`);
    assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
    assert.equal(drawn.body.added, 0);
    const whole = await county.post(`/api/v1/hardship/campaigns/${created.body.id}/draw`);
    assert.equal(whole.status, 200, JSON.stringify(whole.body));
    assert.ok(whole.body.added > 0, 'the county\'s archives in force were there to draw');
  });
});
