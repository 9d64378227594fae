// Transfers as the console and the portal show them (issue 15 item 1): the destination search
// past the caller's scope (grassroots unions only, id, name and the union above), one member's
// transfers, the decision's date and the masked name, the member's own requests in the portal,
// and scope: a township clerk decides nothing of another county.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Client, memberBody, newId, uniqueName } from './lib.mjs';

// GB 32100: the check character of a unified social credit code.
const CODE = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const creditCode = (first17) => first17 + CODE[(31 - ([...first17].reduce((a, c, i) => a + CODE.indexOf(c) * CODE_WEIGHTS[i], 0) % 31)) % 31];

describe('transfers in the console and the portal', () => {
  let clerk, county, yiwu, unionA, unionB, unionC;

  before(async () => {
    clerk = await Client.login('township_clerk');
    county = await Client.login('wucheng_admin');
    yiwu = await Client.login('yiwu_admin');
    const union = async (client, parent, name) => {
      const r = await client.post('/api/v1/orgs', { parent_id: parent, kind: 'enterprise_union', name: uniqueName(name), division_code: '330702' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    unionA = await union(county, clerk.me.org_id, '转出台甲公司工会');
    unionB = await union(yiwu, yiwu.me.org_id, '转入台乙公司工会');
    unionC = await union(yiwu, yiwu.me.org_id, '转入台丙公司工会');
  });

  it('finds a grassroots union of another county by name, with the union above and nothing more', async () => {
    const found = await clerk.get(`/api/v1/transfers/unions?q=${encodeURIComponent(unionB.name)}`);
    assert.equal(found.status, 200, JSON.stringify(found.body));
    const hit = found.body.items.find((u) => u.id === unionB.id);
    assert.ok(hit, 'the union of 义乌 is found by the clerk of 婺城');
    assert.deepEqual(Object.keys(hit).sort(), ['id', 'kind', 'name', 'parent_name']);
    assert.ok(hit.parent_name, 'the union above names where it is');
    assert.equal((await clerk.get(`/api/v1/orgs/${unionB.id}`)).status, 404, 'the union itself stays out of scope');
    // Federations are not destinations, so they are not offered.
    const feds = await clerk.get(`/api/v1/transfers/unions?q=${encodeURIComponent('总工会')}`);
    assert.equal(feds.status, 200);
    assert.ok(feds.body.items.every((u) => ['enterprise_union', 'joint_union', 'industry_union', 'village_union'].includes(u.kind)), JSON.stringify(feds.body.items));
    assert.equal((await clerk.get(`/api/v1/transfers/unions?q=${'工'.repeat(300)}`)).body.field, 'q');
    assert.equal((await new Client().get(`/api/v1/transfers/unions?q=x`)).status, 401);
  });

  it('finds the union of the new employer by the employer\'s credit code', async () => {
    const code = creditCode(`91330782MA${String((Date.now() + process.pid) % 1e7).padStart(7, '0')}`);
    const e = await yiwu.post('/api/v1/enterprises', { credit_code: code, name: uniqueName('转入台乙有限公司'), division_code: '330782', industry: '制造业', employees: 80, org_id: yiwu.me.org_id, union_id: unionB.id });
    assert.equal(e.status, 201, JSON.stringify(e.body));
    for (const typed of [code, code.toLowerCase(), ` ${code.slice(0, 9)} ${code.slice(9)} `]) {
      const found = await clerk.get(`/api/v1/transfers/unions?q=${encodeURIComponent(typed)}`);
      assert.equal(found.status, 200, JSON.stringify(found.body));
      assert.deepEqual(found.body.items.map((u) => u.id), [unionB.id], typed);
    }
    // A code no enterprise has, or one whose enterprise has no union: nothing.
    const none = await clerk.get(`/api/v1/transfers/unions?q=${creditCode('91330782MA0000001')}`);
    assert.deepEqual(none.body.items, []);
    // The public portal search stays by name only.
    assert.deepEqual((await new Client().get(`/api/v1/portal/unions?q=${code}`)).body.items, []);
  });

  it('lists one member\'s transfers, masks the name, dates the decision; a township clerk decides nothing of another county (404)', async () => {
    const m = (await clerk.post('/api/v1/members', memberBody(unionA.id, { name: '欧阳转接' }))).body;
    const other = (await clerk.post('/api/v1/members', memberBody(unionA.id, { name: '另一会员' }))).body;
    const t = (await clerk.post(`/api/v1/members/${m.id}/transfers`, { to_org_id: unionB.id, reason: '到义乌工作' })).body;
    await clerk.post(`/api/v1/members/${other.id}/transfers`, { to_org_id: unionB.id, reason: '另一调动' });
    assert.equal(t.member_name, '欧***', 'masked');
    assert.equal(t.decided_at, null);

    const mine = (await clerk.get(`/api/v1/transfers?direction=out&member_id=${m.id}`)).body.items;
    assert.deepEqual(mine.map((x) => x.id), [t.id]);
    const theirs = (await yiwu.get(`/api/v1/transfers?direction=in&member_id=${m.id}`)).body.items;
    assert.deepEqual(theirs.map((x) => x.id), [t.id]);
    assert.equal((await yiwu.get(`/api/v1/transfers?direction=out&member_id=${m.id}`)).body.items.length, 0, '义乌 did not send it');
    assert.equal((await clerk.get('/api/v1/transfers?member_id=abc')).body.field, 'member_id');

    const refused = await yiwu.post(`/api/v1/transfers/${t.id}/refuse`, { reason: '岗位已满' });
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    assert.ok(refused.body.decided_at, 'the decision is dated');
    const seen = (await clerk.get(`/api/v1/transfers?direction=out&state=refused&member_id=${m.id}`)).body.items[0];
    assert.deepEqual([seen.state, seen.decision], ['refused', '岗位已满']);
    assert.ok(seen.decided_at);

    // A member of 义乌 moving within 义乌: neither side is the township clerk's.
    const y = (await yiwu.post('/api/v1/members', memberBody(unionB.id, { name: '义乌会员', id_number: newId('330782') }))).body;
    const inside = (await yiwu.post(`/api/v1/members/${y.id}/transfers`, { to_org_id: unionC.id, reason: '县内调动' })).body;
    for (const action of ['accept', 'refuse', 'cancel']) {
      const r = await clerk.post(`/api/v1/transfers/${inside.id}/${action}`, { reason: '越权' });
      assert.equal(r.status, 404, `${action}: ${JSON.stringify(r.body)}`);
    }
    assert.equal((await clerk.get(`/api/v1/transfers?direction=in&member_id=${y.id}`)).body.items.length, 0);
    assert.equal((await clerk.get(`/api/v1/transfers?direction=out&member_id=${y.id}`)).body.items.length, 0);
    assert.equal((await yiwu.post(`/api/v1/transfers/${inside.id}/accept`, {})).status, 200);
  });

  it('shows the member their own requests in the portal, and no one else\'s', async () => {
    const phone = `136${String(Date.now() % 1e8).padStart(8, '0')}`;
    const idNumber = newId();
    const m = (await clerk.post('/api/v1/members', memberBody(unionA.id, { name: '门户转会', phone, id_number: idNumber }))).body;
    const portal = new Client();
    assert.equal((await portal.post('/api/v1/portal/activate', { phone, id_number: idNumber, password: 'move-pass-2026' })).status, 200);
    assert.deepEqual((await portal.get('/api/v1/portal/transfers')).body, { items: [], truncated: false });
    const asked = await portal.post('/api/v1/portal/transfer', { to_org_id: unionB.id, reason: '换了新工作' });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const own = (await portal.get('/api/v1/portal/transfers')).body.items;
    assert.deepEqual(own.map((x) => [x.id, x.state, x.to_org_name]), [[asked.body.id, 'requested', unionB.name]]);
    assert.ok((await yiwu.get('/api/v1/transfers?direction=in&state=requested')).body.items.some((x) => x.id === asked.body.id), 'the receiving union sees it');
    assert.equal((await new Client().get('/api/v1/portal/transfers')).status, 401);
    assert.equal((await clerk.get('/api/v1/portal/transfers')).status, 401, 'a console session is not a member');
  });
});
