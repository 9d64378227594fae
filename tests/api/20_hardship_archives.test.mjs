// Hardship archives over HTTP: the level and its arithmetic, one person one archive, the
// two-level approval (county, then city), public notice, scope between counties, overrides, a new
// standard re-levelling archives for confirmation, visits and yearly reviews, exit and re-entry,
// the portal's application and notices.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, newId, uniqueName, sql, chinaYear, chinaToday, chinaMonthsBack } from './lib.mjs';

const YEAR = chinaYear();
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF a visit photo')]);

// A household whose income per head is `perHead` fen a month (two people).
function body(memberId, perHead, over = {}) {
  return {
    member_id: memberId, causes: ['illness'],
    household: [
      { name: '本人', relation: 'self', age: 46, health: 'serious', schooling: 'none', annual_income_fen: perHead * 12 },
      { name: '配偶', relation: 'spouse', age: 44, health: 'healthy', schooling: 'none', annual_income_fen: perHead * 12 },
    ],
    income_sources: [{ source: 'wages', monthly_fen: perHead * 2 }],
    medical_spending_fen: 0, school_spending_fen: 0, ...over,
  };
}

const monthsBack = chinaMonthsBack;

describe('hardship archives: levels, two-level approval, notice, re-levelling, exit', () => {
  let city, reviewer, county, other, clerk, union, workers = [];

  before(async () => {
    city = await Client.login('city_admin');
    reviewer = await Client.login('city_reviewer');
    county = await Client.login('wucheng_admin');
    other = await Client.login('yiwu_admin');
    clerk = await Client.login('township_clerk');
    const u = await county.post('/api/v1/orgs', { parent_id: clerk.me.org_id, kind: 'enterprise_union', name: uniqueName('困难帮扶测试公司工会'), division_code: '330702' });
    assert.equal(u.status, 201, JSON.stringify(u.body));
    union = u.body;
    for (const name of ['困难甲', '困难乙', '困难丙', '困难丁']) {
      const id = newId();
      const phone = `136${String(Date.now() % 1e8).padStart(8, '0')}`;
      const r = await clerk.post('/api/v1/members', memberBody(union.id, { name, id_number: id, phone }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      workers.push({ ...r.body, idNumber: id, phone });
      await new Promise((res) => setTimeout(res, 2));
    }
    // 婺城区's standard this year: 1000 yuan a month per person.
    const s = await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 100000, relative_pct: 200 });
    assert.equal(s.status, 200, JSON.stringify(s.body));
  });

  it('sets standards only within the setter\'s own area, checking the figures', async () => {
    assert.equal((await county.put(`/api/v1/hardship/standards/330782/${YEAR}`, { monthly_fen: 90000 })).status, 403, '婺城 cannot set 义乌\'s');
    assert.equal((await clerk.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 90000 })).status, 403, 'a clerk lacks hardship:approve');
    const zero = await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 0 });
    assert.equal(zero.status, 400);
    assert.equal(zero.body.field, 'monthly_fen');
    assert.equal((await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 100000, relative_pct: 50 })).body.field, 'relative_pct');
    const list = await clerk.get(`/api/v1/hardship/standards?division_code=330702&year=${YEAR}`);
    assert.deepEqual(list.body.items.map((s) => [s.division_name, s.monthly_fen, s.relative_pct]), [['婺城区', 100000, 200]]);
  });

  it('computes the level with its arithmetic and refuses bad input naming the field', async () => {
    const deep = await clerk.post('/api/v1/hardship/archives', body(workers[0].id, 80000, { medical_spending_fen: 240000 }));
    assert.equal(deep.status, 201, JSON.stringify(deep.body));
    assert.equal(deep.body.level, 'deep');
    assert.equal(deep.body.tier, 'city', 'deep hardship is a city-tier archive by default');
    assert.equal(deep.body.per_head_fen, 70000);
    assert.equal(deep.body.arithmetic, '(19200.00 − 2400.00) ÷ 12 ÷ 2 = 700.00 ≤ 低保标准 1000.00 → 深度困难');
    assert.equal(deep.body.state, 'draft');
    assert.equal(deep.body.county_name, '婺城区总工会');

    const twice = await clerk.post('/api/v1/hardship/archives', body(workers[0].id, 80000));
    assert.equal(twice.status, 409, 'one person, one archive');
    const noSelf = body(workers[1].id, 150000);
    noSelf.household[0].relation = 'other';
    assert.equal((await clerk.post('/api/v1/hardship/archives', noSelf)).body.field, 'household');
    const badRelation = body(workers[1].id, 150000);
    badRelation.household[1].relation = 'cousin';
    assert.equal((await clerk.post('/api/v1/hardship/archives', badRelation)).body.field, 'household[1].relation');
    assert.equal((await clerk.post('/api/v1/hardship/archives', body(workers[1].id, 150000, { causes: ['bad luck'] }))).body.field, 'causes');
    assert.equal((await clerk.post('/api/v1/hardship/archives', body(workers[1].id, 150000, { causes: [] }))).body.field, 'causes');
    const badId = body(workers[1].id, 150000);
    badId.household[1].id_number = '330702199001011230';
    assert.equal((await clerk.post('/api/v1/hardship/archives', badId)).body.field, 'household[1].id_number');
    assert.equal((await other.post('/api/v1/hardship/archives', body(workers[1].id, 150000))).status, 404, 'another county cannot file for this union');

    // The spouse of worker 1 is worker 0 himself: a warning, not a refusal.
    const rel = body(workers[1].id, 150000);
    rel.household[1].id_number = workers[0].idNumber;
    const relative = await clerk.post('/api/v1/hardship/archives', rel);
    assert.equal(relative.status, 201, JSON.stringify(relative.body));
    assert.equal(relative.body.level, 'relative');
    assert.equal(relative.body.tier, 'county');
    assert.match(relative.body.warnings.join(), /家庭成员已在「困难甲」的困难档案中/);
    assert.equal(relative.body.household[1].id_number_masked.includes('*'), true, 'the ID number is kept masked only');
    assert.equal(JSON.stringify(relative.body).includes(workers[0].idNumber), false);
  });

  it('goes through the county and then the city; another county can neither see nor decide', async () => {
    const list = await clerk.get(`/api/v1/hardship/archives?org_id=${union.id}&level=deep`);
    const deep = list.body.items[0];
    assert.equal((await other.get(`/api/v1/hardship/archives/${deep.id}`)).status, 404);
    const sent = await clerk.post(`/api/v1/hardship/archives/${deep.id}/submit`);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.state, 'submitted');
    const app = sent.body.application_id;
    assert.equal((await clerk.post(`/api/v1/hardship/archives/${deep.id}/submit`)).status, 409);
    assert.equal((await other.post(`/api/v1/applications/${app}/approve`, {})).status, 404);
    assert.equal((await clerk.post(`/api/v1/applications/${app}/approve`, {})).status, 403, 'a clerk does not decide');

    const reviewed = await county.post(`/api/v1/applications/${app}/approve`, {});
    assert.equal(reviewed.status, 200, JSON.stringify(reviewed.body));
    assert.equal(reviewed.body.state, 'submitted');
    assert.equal(reviewed.body.stage, 1);
    let archive = (await clerk.get(`/api/v1/hardship/archives/${deep.id}`)).body;
    assert.equal(archive.state, 'county_reviewed');
    assert.equal(archive.application.reviewer_org_name, '金华市总工会');
    assert.equal((await county.post(`/api/v1/applications/${app}/approve`, {})).status, 403, 'the county does not decide the city\'s level');

    // The city returns it with a reason: back to the filer, and a resubmission starts at the county.
    assert.equal((await city.post(`/api/v1/applications/${app}/return`, { reason: '' })).status, 400);
    const back = await city.post(`/api/v1/applications/${app}/return`, { reason: '请补充医疗费用票据' });
    assert.equal(back.body.state, 'returned');
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${deep.id}`)).body.state, 'returned');
    // The returned application changed to name another archive: resubmitting moves nothing.
    const draft = (await clerk.get(`/api/v1/hardship/archives?org_id=${union.id}&level=relative`)).body.items[0];
    const forged = await clerk.put(`/api/v1/applications/${app}`, { payload: { archive_id: draft.id } });
    assert.equal(forged.status, 200, JSON.stringify(forged.body));
    assert.equal((await clerk.post(`/api/v1/applications/${app}/submit`)).status, 409);
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${draft.id}`)).body.state, 'draft');
    assert.equal((await clerk.put(`/api/v1/applications/${app}`, { payload: { archive_id: deep.id } })).status, 200);
    assert.equal((await clerk.post(`/api/v1/hardship/archives/${deep.id}/submit`)).body.state, 'submitted');
    assert.equal((await city.post(`/api/v1/applications/${app}/approve`, {})).status, 403, 'the county comes first again');
    await county.post(`/api/v1/applications/${app}/approve`, {});
    const approved = await city.post(`/api/v1/applications/${app}/approve`, {});
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.state, 'approved');

    archive = (await clerk.get(`/api/v1/hardship/archives/${deep.id}`)).body;
    assert.equal(archive.state, 'notice');
    const today = chinaToday();
    assert.equal(archive.notice_start, today);
    assert.deepEqual(archive.history.map((e) => e.action), ['create', 'review', 'return', 'update', 'update', 'submit', 'review', 'approve']);

    // On the union's portal: the notice, with the name masked.
    const portal = new Client();
    const act = await portal.post('/api/v1/portal/activate', { phone: workers[3].phone, id_number: workers[3].idNumber, password: 'hardship-portal-1' });
    assert.equal(act.status, 200, JSON.stringify(act.body));
    const notices = await portal.get('/api/v1/portal/hardship/notices');
    assert.deepEqual(notices.body.items.map((n) => [n.member_name, n.level]), [['困**', 'deep']]);

    // Seven days on, the archive is active and due for review in a year.
    sql(`UPDATE hardship_archive SET notice_end = '2000-01-01' WHERE id = ${deep.id}`);
    archive = (await clerk.get(`/api/v1/hardship/archives/${deep.id}`)).body;
    assert.equal(archive.state, 'active');
    assert.equal(archive.activated_on, '2000-01-02');
    assert.equal(archive.review_due, '2001-01-02');
    assert.equal(archive.review_overdue, true);
    const overdue = await county.get(`/api/v1/hardship/archives?review_overdue=1&org_id=${union.id}`);
    assert.deepEqual(overdue.body.items.map((a) => a.id), [deep.id]);
  });

  it('a county-tier archive is decided by the county alone', async () => {
    const relative = (await clerk.get(`/api/v1/hardship/archives?org_id=${union.id}&level=relative`)).body.items[0];
    const sent = await clerk.post(`/api/v1/hardship/archives/${relative.id}/submit`);
    const done = await county.post(`/api/v1/applications/${sent.body.application_id}/approve`, {});
    assert.equal(done.body.state, 'approved');
    assert.deepEqual(done.body.levels, [county.me.org_id]);
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${relative.id}`)).body.state, 'notice');
  });

  it('overrides a level only with a reason, and records visits and yearly reviews', async () => {
    const deep = (await clerk.get(`/api/v1/hardship/archives?org_id=${union.id}&level=deep`)).body.items[0];
    assert.equal((await clerk.post(`/api/v1/hardship/archives/${deep.id}/override`, { level: 'relative', reason: ' ' })).status, 400);
    assert.equal((await clerk.post(`/api/v1/hardship/archives/${deep.id}/override`, { level: 'poor', reason: 'x' })).body.field, 'level');
    const over = await clerk.post(`/api/v1/hardship/archives/${deep.id}/override`, { level: 'relative', reason: '家中另有房租收入，入户核实' });
    assert.equal(over.body.level, 'relative');
    assert.equal(over.body.computed_level, 'deep');
    const audit = await city.get(`/api/v1/audit?entity=hardship_archive&entity_id=${deep.id}&action=override`);
    assert.equal(audit.body.items[0]?.reason, '家中另有房租收入，入户核实');
    await clerk.post(`/api/v1/hardship/archives/${deep.id}/override`, { level: '', reason: '' });

    const future = await clerk.post(`/api/v1/hardship/archives/${deep.id}/visits`, { kind: 'visit', visited_on: '2999-01-01', visitors: '张三', findings: '…' });
    assert.equal(future.body.field, 'visited_on');
    const visit = await clerk.post(`/api/v1/hardship/archives/${deep.id}/visits`, { kind: 'visit', visited_on: '2026-01-05', visitors: '张三、李四', findings: '家中有重病患者，收入属实' });
    assert.equal(visit.status, 201, JSON.stringify(visit.body));
    const review = await clerk.post(`/api/v1/hardship/archives/${deep.id}/visits`, { kind: 'review', visited_on: '2026-02-01', visitors: '张三', findings: '年度复核，情况未变' });
    assert.equal(review.body.level_after, 'deep');
    const archive = (await clerk.get(`/api/v1/hardship/archives/${deep.id}`)).body;
    assert.equal(archive.review_due, '2027-02-01');
    assert.deepEqual(archive.visits.map((v) => v.kind), ['visit', 'review']);
    const photo = await clerk.request('POST', `/api/v1/hardship/archives/${deep.id}/files?file_name=visit.jpg`, { raw: JPEG });
    assert.equal(photo.status, 201);
    assert.equal((await clerk.request('POST', `/api/v1/hardship/archives/${deep.id}/files?file_name=x.jpg`, { raw: 'text' })).status, 400);
    assert.equal((await other.get(`/api/v1/hardship/archives/${deep.id}/files/${photo.body.id}`)).status, 404);
  });

  it('re-levels every archive of the county when its standard changes, listing changes for confirmation', async () => {
    const draft = await clerk.post('/api/v1/hardship/archives', body(workers[2].id, 250000));
    assert.equal(draft.body.level, 'none', 'above twice the standard');
    const relative = (await clerk.get(`/api/v1/hardship/archives?org_id=${union.id}&level=relative`)).body.items[0];

    // The standard rises to 1600 yuan: the relative one (1500 a head) becomes deep, the draft relative.
    const s = await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 160000, relative_pct: 200 });
    assert.equal(s.status, 200);
    assert.ok(s.body.relevel.archives >= 3);
    assert.ok(s.body.relevel.changed >= 1);
    // Set again while waiting: the change is listed once, from the standard the level was decided under.
    assert.equal((await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 160000, relative_pct: 200 })).status, 200);
    const pending = (await clerk.get(`/api/v1/hardship/relevels?org_id=${union.id}`)).body.items;
    assert.equal(pending.filter((c) => c.archive_id === relative.id).length, 1);
    const change = pending.find((c) => c.archive_id === relative.id);
    assert.deepEqual([change.old_level, change.new_level, change.old_standard_fen, change.new_standard_fen], ['relative', 'deep', 100000, 160000]);
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${relative.id}`)).body.level, 'relative', 'unchanged until confirmed');
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${draft.body.id}`)).body.level, 'relative', 'a draft simply takes the new level');
    assert.equal((await other.post('/api/v1/hardship/relevels/confirm', { ids: [change.id] })).status, 404);
    const ok = await clerk.post('/api/v1/hardship/relevels/confirm', { ids: [change.id] });
    assert.equal(ok.body.confirmed, 1);
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${relative.id}`)).body.level, 'deep');
    assert.equal((await clerk.get(`/api/v1/hardship/relevels?org_id=${union.id}`)).body.items.some((c) => c.id === change.id), false);
    await county.put(`/api/v1/hardship/standards/330702/${YEAR}`, { monthly_fen: 100000, relative_pct: 200 });
  });

  it('proposes the exit after six months above the standard with the cause gone; re-entry keeps history', async () => {
    const deep = (await clerk.get(`/api/v1/hardship/archives?org_id=${union.id}&state=active`)).body.items[0];
    for (let i = 1; i <= 6; i++) {
      const r = await clerk.post(`/api/v1/hardship/archives/${deep.id}/months`, { month: monthsBack(i), per_head_fen: i === 3 ? 100000 : 180000 });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    await clerk.post(`/api/v1/hardship/archives/${deep.id}/cause-resolved`, { on: chinaToday() });
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${deep.id}`)).body.exit_proposed, false, 'a month at the standard breaks the run');
    await clerk.post(`/api/v1/hardship/archives/${deep.id}/months`, { month: monthsBack(3), per_head_fen: 100001 });
    assert.equal((await clerk.get(`/api/v1/hardship/archives/${deep.id}`)).body.exit_proposed, true);
    const proposed = await county.get(`/api/v1/hardship/archives?exit_proposed=1&org_id=${union.id}`);
    assert.deepEqual(proposed.body.items.map((a) => a.id), [deep.id]);
    assert.equal((await clerk.post(`/api/v1/hardship/archives/${deep.id}/exit`, { on: '2026-11-30', reason: '' })).status, 400);
    const exited = await clerk.post(`/api/v1/hardship/archives/${deep.id}/exit`, { on: '2026-11-30', reason: '病愈复工，收入稳定' });
    assert.equal(exited.body.state, 'exited');
    const again = await clerk.post('/api/v1/hardship/archives', body(deep.member_id, 60000));
    assert.equal(again.status, 201, 're-entry opens a new archive');
    const portal = new Client();
    const w = workers.find((x) => x.id === deep.member_id);
    await portal.post('/api/v1/portal/activate', { phone: w.phone, id_number: w.idNumber, password: 'hardship-portal-2' });
    const mine = await portal.get('/api/v1/portal/hardship');
    assert.deepEqual(mine.body.items.map((a) => a.state), ['draft', 'exited']);
  });

  it('takes a worker\'s application from the portal as a draft for the union', async () => {
    const portal = new Client();
    const w = workers[3];
    await portal.post('/api/v1/portal/login', { phone: w.phone, password: 'hardship-portal-1' });
    const applied = await portal.post('/api/v1/portal/hardship', body(999999, 50000, { causes: ['unemployment'] }));
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    assert.equal(applied.body.member_id, w.id, 'the member applies for themself whatever the body says');
    assert.equal(applied.body.source, 'portal');
    assert.equal(applied.body.state, 'draft');
    assert.equal((await portal.request('POST', '/api/v1/portal/hardship', { body: body(w.id, 50000), csrf: false })).status, 403);
    const seen = await clerk.get(`/api/v1/hardship/archives/${applied.body.id}`);
    assert.equal(seen.body.source, 'portal');
    const overview = await county.get('/api/v1/hardship/overview');
    assert.ok(overview.body.by_state.draft >= 1);
    assert.ok(overview.body.counties.some((c) => c.org_name === '婺城区总工会'));
    assert.equal((await other.get('/api/v1/hardship/overview')).body.counties.some((c) => c.org_name === '婺城区总工会'), false, 'a county sees its own only');
  });
});
