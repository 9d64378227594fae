import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSheet } from 'read-excel-file/node';
import { BASE, api, launch, open, signIn } from './lib.mjs';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (f) => '10X98765432'[[...f].reduce((a, c, i) => a + Number(c) * WEIGHTS[i], 0) % 11];
const shot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;

describe('flows: founding a union, importing a roster, joining from the portal', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('a township files an establishment; the county approves it; the union is in the tree', async () => {
    const clerk = await open(browser);
    await signIn(clerk.page, 'township_clerk', undefined, '/applications');
    const name = `浏览器组建${Date.now() % 100000}公司工会`;
    await clerk.page.getByTestId('establish-new').click();
    await clerk.page.getByTestId('establish-name').fill(name);
    await clerk.page.getByTestId('seat-name-0').fill('张主席');
    await clerk.page.getByTestId('establish-submit').click();
    await clerk.page.getByTestId('apps-table').getByText(`组建：${name}`).waitFor();
    await clerk.page.screenshot({ path: shot('approval-filed') });
    await clerk.done('approval-file');

    const county = await open(browser);
    await signIn(county.page, 'wucheng_admin', undefined, '/applications');
    await county.page.getByTestId('apps-table').getByText(`组建：${name}`).click();
    await county.page.getByTestId('app-detail').waitFor();
    await county.page.getByTestId('app-reason').fill('材料齐全，同意组建');
    await county.page.getByTestId('app-approve').click();
    await county.page.getByTestId('apps-all').click();
    await county.page.getByTestId('apps-table').getByText(`组建：${name}`).click();
    const registration = await county.page.getByTestId('app-result').innerText();
    assert.match(registration, /^330702-\d{4}-\d{6}$/);
    await county.page.screenshot({ path: shot('approval-approved') });
    const found = (await api(county.page, 'GET', `/api/v1/orgs?q=${encodeURIComponent(name)}`)).body.items;
    assert.equal(found.length, 1);
    assert.equal(found[0].registration_no, registration);
    await county.done('approval-decide');
  });

  it('imports a roster with a progress line and a report of the bad rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nj-browser-'));
    const file = join(dir, '花名册.csv');
    const made = spawnSync('/usr/bin/python3', [new URL('../../bench/make_roster.py', import.meta.url).pathname, file, '300',
      '--start', String(8_000_000 + (Date.now() % 1000) * 1000), '--bad', '10', '--encoding', 'gbk']);
    assert.equal(made.status, 0, String(made.stderr));
    const s = await open(browser);
    await signIn(s.page, 'wucheng_admin', undefined, '/members/import');
    await s.page.getByTestId('import-file').setInputFiles(file);
    await s.page.getByTestId('import-start').click();
    await s.page.getByTestId('import-stored').waitFor();
    assert.equal(await s.page.getByTestId('import-rows').innerText(), '300');
    assert.equal(await s.page.getByTestId('import-stored').innerText(), '270');
    assert.equal(await s.page.getByTestId('import-refused').innerText(), '30');
    await s.page.screenshot({ path: shot('import-done') });
    const download = s.page.waitForEvent('download');
    await s.page.getByTestId('import-report').click();
    const rows = await readSheet(readFileSync(await (await download).path()));
    assert.deepEqual(rows[0], ['行号', '列', '值', '原因', 'Reason']);
    assert.equal(rows.length, 31);
    await s.done('import');
  });

  it('a worker applies from the portal; the union approves; the worker activates the card', async () => {
    const admin = await open(browser);
    await signIn(admin.page, 'wucheng_admin');
    const union = (await api(admin.page, 'POST', '/api/v1/orgs', { parent_id: (await api(admin.page, 'GET', '/api/v1/auth/me')).body.org_id,
      kind: 'joint_union', name: `骑手联合工会${Date.now() % 100000}`, division_code: '330702' })).body;
    await admin.context.close();

    const first17 = `33070219880${1 + (Date.now() % 9)}1${Date.now() % 10}${String(Date.now() % 1000).padStart(3, '0')}`;
    const id = first17 + checkChar(first17);
    const phone = `136${String(Date.now() % 1e8).padStart(8, '0')}`;
    const worker = await open(browser, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await worker.page.goto(BASE + '/m/login');
    await worker.page.getByTestId('portal-join-link').click();
    await worker.page.getByTestId('join-name').fill('骑手小王');
    await worker.page.getByTestId('join-id-number').fill(id);
    await worker.page.getByTestId('join-phone').fill(phone);
    await worker.page.getByTestId('join-union').click();
    await worker.page.keyboard.type(union.name.slice(0, 6));
    await worker.page.getByRole('option', { name: union.name }).click();
    await worker.page.getByTestId('join-submit').click();
    await worker.page.getByTestId('join-sent').waitFor();
    await worker.page.screenshot({ path: shot('portal-join') });

    const clerk = await open(browser);
    await signIn(clerk.page, 'wucheng_admin', undefined, '/applications');
    await clerk.page.getByTestId('apps-table').getByText('入会：骑手小王').first().click();
    assert.equal(await clerk.page.getByTestId('app-detail').getByText(id).count(), 0, 'the ID number is masked');
    await clerk.page.getByTestId('app-approve').click();
    await clerk.page.getByTestId('app-detail').waitFor({ state: 'detached' });
    await clerk.done('join-approve');

    // The worker follows the application: its number is filled in from the link, the ID
    // number proves it is theirs.
    await worker.page.getByTestId('join-progress-link').click();
    await worker.page.getByTestId('progress-id-number').fill(id);
    await worker.page.getByTestId('progress-submit').click();
    assert.equal(await worker.page.getByTestId('progress-state').innerText(), '已通过');
    assert.match(await worker.page.getByTestId('progress-card').innerText(), /^\d{12}$/);
    await worker.page.screenshot({ path: shot('portal-progress') });

    await worker.page.goto(BASE + '/m/login');
    await worker.page.getByTestId('portal-mode').click();
    await worker.page.locator('[data-testid="portal-phone"] input').fill(phone);
    await worker.page.locator('[data-testid="portal-id-number"] input').fill(id);
    await worker.page.locator('[data-testid="portal-password"] input').fill('rider-pass-2026');
    await worker.page.locator('[data-testid="portal-confirm"] input').fill('rider-pass-2026');
    await worker.page.getByTestId('portal-submit').click();
    await worker.page.getByTestId('portal-card').getByText('骑手小王').waitFor();
    await worker.done('join-card');
  });
});
