// Approving with the facts in view (issue 15, item 2): every application answers its facts in
// words from the module owning its kind (both languages, amounts in yuan, no payload keys or
// ids), a link to its record, can_decide exactly when a decision would pass, and otherwise who
// must act; the list filters by kind, state, level and the days filed, refusing bad input by name.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, newId, uniqueName, chinaYear, chinaToday, sql } from './lib.mjs';

const YEAR = chinaYear();
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode() {
  let first17 = '913307';
  for (let i = 0; i < 11; i++) first17 += ALPHABET[Math.floor(Math.random() * 31)];
  const sum = [...first17].reduce((a, c, i) => a + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}
const dayOffset = (days) => new Date(Date.parse(`${chinaToday()}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);

// The facts as {label: value} in one language.
const factsOf = (app, en = false) => Object.fromEntries(app.summary.facts.map((f) => (en ? [f.label_en, f.value_en] : [f.label, f.value])));
// No payload key, internal id or fen amount shows through the words.
function inWords(app) {
  const text = JSON.stringify(app.summary.facts);
  for (const raw of ['archive_id', 'grant_id', 'enterprise_id', 'batch_id', 'parent_id', '_fen', 'founding_members', 'enterprise_union', 'null', 'undefined']) {
    assert.ok(!text.includes(raw), `${raw} in ${text}`);
  }
  for (const f of app.summary.facts) assert.ok(f.label && f.label_en && f.value && f.value_en, JSON.stringify(f));
}

describe('approvals: the facts in words, who decides, and the filters', () => {
  let city, reviewer, county, yiwu, clerk, union, workers = [];
  const apps = {};

  before(async () => {
    city = await Client.login('city_admin');
    reviewer = await Client.login('city_reviewer');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('审批事实公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    for (const name of ['事实甲', '事实乙']) {
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: newId(), phone: `137${String(Date.now() % 1e8).padStart(8, '0')}` }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      workers.push(r.body);
      await new Promise((res) => setTimeout(res, 2));
    }
    const s = await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 100000, relative_pct: 200 });
    assert.equal(s.status, 200, JSON.stringify(s.body));
  });

  it('a hardship archive: household, income per head against the standard, the level applied for', async () => {
    const a = await clerk.post('/api/v1/hardship/archives', {
      member_id: workers[0].id, causes: ['illness'],
      household: [
        { name: '事实甲', relation: 'self', age: 46, health: 'serious', schooling: 'none', annual_income_fen: 960000 },
        { name: '刘配偶', relation: 'spouse', age: 44, health: 'healthy', schooling: 'none', annual_income_fen: 960000 },
      ],
      income_sources: [{ source: 'wages', monthly_fen: 160000 }], medical_spending_fen: 240000, school_spending_fen: 0,
    });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const sent = await clerk.post(`/api/v1/hardship/archives/${a.body.id}/submit`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    apps.archive = sent.body.application_id;

    const seen = await county.get(`/api/v1/applications/${apps.archive}`);
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    inWords(seen.body);
    const f = factsOf(seen.body);
    assert.match(f['职工'], /^事实甲（\d{3}\*+\d{3}[\dX]）$/);
    assert.match(f['家庭成员'], /^2 人：本人 事\*\*（46 岁，大病，年收入 9600\.00 元）、配偶 刘\*\*（44 岁，年收入 9600\.00 元）$/);
    assert.ok(!f['家庭成员'].includes('刘配偶'), 'household names are masked');
    assert.equal(f['家庭年收入'], '19200.00 元；本年自付医疗 2400.00 元、就学 0.00 元');
    assert.match(f['低保标准'], new RegExp(`^婺城区总工会 ${YEAR} 年每人每月 1000\\.00 元（相对困难线为其 200%）$`));
    assert.equal(f['月人均收入'], '700.00 元：(19200.00 − 2400.00) ÷ 12 ÷ 2 = 700.00 ≤ 低保标准 1000.00 → 深度困难');
    assert.equal(f['申请等级'], '深度困难');
    assert.match(f['审批层级'], /县级总工会审核，市总工会审批/);
    const en = factsOf(seen.body, true);
    assert.equal(en['Level applied for'], 'deep hardship');
    assert.match(en['Household'], /^2 people: self 事\*\* \(46, serious illness, 9600\.00 yuan a year\)/);
    assert.equal(seen.body.summary.link, `/hardship/archives/${a.body.id}`);
  });

  it('says who decides an archive at each level, and only they see can_decide', async () => {
    const id = apps.archive;
    const county1 = (await county.get(`/api/v1/applications/${id}`)).body;
    assert.equal(county1.can_decide, true);
    assert.equal(county1.waiting_for, null);
    assert.equal(county1.waiting_for_en, null);

    const filer = (await clerk.get(`/api/v1/applications/${id}`)).body;
    assert.equal(filer.can_decide, false);
    assert.match(filer.waiting_for, /^待 婺城区总工会 的.*总工会管理员.*审核（提交人不能审核自己的申请）$/);
    assert.match(filer.waiting_for_en, /^Waiting for a .*总工会管理员.* of 婺城区总工会 to decide \(the filer cannot decide it\)$/);
    const cityFirst = (await city.get(`/api/v1/applications/${id}`)).body;
    assert.equal(cityFirst.can_decide, false, 'the city does not do the county\'s review');
    assert.match(cityFirst.waiting_for, /^待 婺城区总工会 的.*审核$/);
    assert.equal((await city.post(`/api/v1/applications/${id}/approve`, {})).status, 403, 'and is refused as can_decide said');
    assert.equal((await yiwu.get(`/api/v1/applications/${id}`)).status, 404);

    assert.equal((await county.post(`/api/v1/applications/${id}/approve`, {})).status, 200);
    const county2 = (await county.get(`/api/v1/applications/${id}`)).body;
    assert.equal(county2.can_decide, false);
    assert.match(county2.waiting_for, /^待 金华市总工会 的.*审核（您已在上一级审核过此申请）$/);
    assert.match(county2.waiting_for_en, /of 金华市总工会 to decide \(you decided it at an earlier level\)$/);
    const city2 = (await reviewer.get(`/api/v1/applications/${id}`)).body;
    assert.equal(city2.can_decide, true);
    assert.equal(city2.waiting_for, null);
    const done = await reviewer.post(`/api/v1/applications/${id}/approve`, {});
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const after = (await city.get(`/api/v1/applications/${id}`)).body;
    assert.equal(after.state, 'approved');
    assert.equal(after.can_decide, false);
    assert.equal(after.waiting_for, null, 'nothing waits once approved');
  });

  it('a grant: category, amount in yuan and the room left this year', async () => {
    const g = await clerk.post('/api/v1/hardship/grants', { member_id: workers[1].id, category: 'temporary', amount_fen: 120000, reason: '家中失火' });
    assert.equal(g.status, 201, JSON.stringify(g.body));
    apps.grant = g.body.application_id;
    const seen = (await county.get(`/api/v1/applications/${apps.grant}`)).body;
    inWords(seen);
    const f = factsOf(seen);
    assert.equal(f['职工'], '事实乙');
    assert.equal(f['救助类别'], '临时救助');
    assert.equal(f['金额'], '1200.00 元');
    assert.equal(f['申请理由'], '家中失火');
    assert.equal(f['困难档案'], '无档案：临时救助');
    assert.equal(f['本年度额度'], `${YEAR} 年上限 3000.00 元，此前已批 0.00 元，批准本次后尚余 1800.00 元`);
    assert.equal(factsOf(seen, true)['Amount'], '1200.00 yuan');
    assert.equal(seen.summary.link, `/hardship/grants/${g.body.id}`);
    assert.equal(seen.can_decide, true);
    const asClerk = (await clerk.get(`/api/v1/applications/${apps.grant}`)).body;
    assert.equal(asClerk.can_decide, false);
    assert.match(asClerk.waiting_for, /^待 婺城区总工会 的.*审核/);
  });

  it('an establishment: the union, the enterprise with its credit code, members, committee and parent', async () => {
    const code = creditCode();
    const enterprise = (await clerk.post('/api/v1/enterprises', { credit_code: code, name: uniqueName('事实企业'), division_code: '330702', employees: 40 })).body;
    const name = `${enterprise.name}工会`;
    const payload = { name, kind: 'enterprise_union', division_code: '330702', enterprise_id: enterprise.id, parent_id: clerk.me.org_id, founding_members: 30, term_years: 5,
      committee: [{ name: '张主席', role: 'chair' }, { name: '李经审', role: 'funds_audit_chair' }, { name: '王女工', role: 'women_chair' }] };
    const filed = await clerk.post('/api/v1/applications', { kind: 'establish', org_id: clerk.me.org_id, payload, submit: true });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    apps.establish = filed.body.id;
    const seen = (await county.get(`/api/v1/applications/${apps.establish}`)).body;
    inWords(seen);
    const f = factsOf(seen);
    assert.equal(f['拟建工会'], `${name}（企业工会）`);
    assert.equal(f['所在企业'], `${enterprise.name}（统一社会信用代码 ${code}，职工 40 人）`);
    assert.equal(f['入会人数'], '30 人');
    assert.equal(f['委员会'], '主席 张主席、经审委主任 李经审、女职委主任 王女工');
    assert.equal(f['任期'], '5 年');
    assert.equal(f['上级工会'], clerk.me.org_name);
    assert.equal(f['行政区划'], '婺城区（330702）');
    assert.equal(factsOf(seen, true)['Committee'], 'chair 张主席; funds-audit chair 李经审; women-workers chair 王女工');
    assert.equal(seen.summary.link, `/orgs?id=${clerk.me.org_id}`, 'the parent while it is not founded');
    assert.equal(seen.can_decide, true);

    const approved = await county.post(`/api/v1/applications/${apps.establish}/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const union = (await county.get(`/api/v1/enterprises/${enterprise.id}`)).body.union_id;
    assert.ok(union > 0);
    assert.equal((await county.get(`/api/v1/applications/${apps.establish}`)).body.summary.link, `/orgs?id=${union}`, 'the union once founded');
  });

  it('every kind on record has its facts in words', async () => {
    const kinds = ['establish', 'reelect', 'join', 'hardship_archive', 'hardship_grant', 'payout_batch'];
    let seen = 0;
    for (const kind of kinds) {
      // Decided or waiting ones: their payloads are as filed (a draft may have been changed by hand).
      let list = await city.get(`/api/v1/applications?kind=${kind}&state=approved&limit=1`);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      if (!list.body.items.length) list = await city.get(`/api/v1/applications?kind=${kind}&state=submitted&limit=1`);
      if (!list.body.items.length) continue;
      const one = (await city.get(`/api/v1/applications/${list.body.items[0].id}`)).body;
      assert.ok(one.summary.facts.length >= 3, `${kind}: ${JSON.stringify(one.summary)}`);
      inWords(one);
      seen += 1;
    }
    assert.ok(seen >= 3, `kinds with applications: ${seen}`);
    const batches = await city.get('/api/v1/applications?kind=payout_batch&state=approved&limit=1');
    if (batches.body.items.length) {
      const b = (await city.get(`/api/v1/applications/${batches.body.items[0].id}`)).body;
      assert.match(factsOf(b)['笔数与金额'], /^\d+ 笔，合计 \d+\.\d\d 元$/);
      assert.match(b.summary.link, /^\/payout\/batches\/\d+$/);
    }
  });

  it('still shows an application whose payload no longer reads, saying so', async () => {
    const filed = await clerk.post('/api/v1/applications', { kind: 'establish', org_id: clerk.me.org_id, submit: true, payload: {
      name: uniqueName('读不出工会'), kind: 'enterprise_union', division_code: '330702', parent_id: clerk.me.org_id, founding_members: 8, term_years: 5, committee: [{ name: '钱组织', role: 'organiser' }] } });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    sql(`UPDATE application SET payload = '{"name":"残缺"}' WHERE id = ${filed.body.id}`);
    const seen = await county.get(`/api/v1/applications/${filed.body.id}`);
    assert.equal(seen.status, 200, JSON.stringify(seen.body));
    assert.deepEqual(seen.body.summary.facts.map((f) => f.label), ['申请内容']);
    assert.match(seen.body.summary.facts[0].value, /无法读取/);
    assert.equal(seen.body.can_decide, true, 'it can still be returned');
    assert.equal((await county.post(`/api/v1/applications/${filed.body.id}/return`, { reason: '内容缺失' })).status, 200);
  });

  it('filters by kind, state, level and the days filed', async () => {
    const ids = async (client, q) => {
      const r = await client.get(`/api/v1/applications?${q}`);
      assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
      return r.body.items.map((a) => a.id);
    };
    assert.ok((await ids(city, 'kind=hardship_archive&state=approved')).includes(apps.archive));
    assert.ok(!(await ids(city, 'kind=hardship_archive&state=submitted')).includes(apps.archive));
    assert.ok(!(await ids(city, 'kind=hardship_grant')).includes(apps.archive));
    // The grant waits at the county; the archive was last decided at the city.
    assert.ok((await ids(county, 'kind=hardship_grant&level=county')).includes(apps.grant));
    assert.ok(!(await ids(county, 'kind=hardship_grant&level=city')).includes(apps.grant));
    assert.ok((await ids(city, 'level=city&kind=hardship_archive')).includes(apps.archive));
    const today = chinaToday();
    assert.ok((await ids(county, `from_date=${today}&to_date=${today}`)).includes(apps.grant));
    assert.ok(!(await ids(county, `from_date=${dayOffset(1)}`)).includes(apps.grant));
    assert.ok(!(await ids(county, `to_date=${dayOffset(-1)}`)).includes(apps.grant));
    assert.ok((await ids(county, `from_date=${dayOffset(-1)}&state=submitted&kind=hardship_grant`)).includes(apps.grant));
  });

  it('refuses bad filters naming the parameter', async () => {
    for (const [q, field] of [
      ['kind=nonsense', 'kind'], ['state=pending', 'state'], ['level=province', 'level'], ['level=', null],
      ['from_date=2026-13-01', 'from_date'], ['to_date=yesterday', 'to_date'], ['from_date=1800-01-01', 'from_date'],
      [`from_date=${dayOffset(0)}&to_date=${dayOffset(-1)}`, 'to_date'], [`state=${'x'.repeat(100)}`, 'state'],
    ]) {
      const r = await county.get(`/api/v1/applications?${q}`);
      if (field === null) {
        assert.equal(r.status, 200, q);
        continue;
      }
      assert.equal(r.status, 400, `${q}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.field, field, q);
      assert.ok(JSON.stringify(r.body).length < 1000);
    }
  });
});
