// The web app's shared pieces (web/src/lib): a list drops a stale answer, a job stops being
// polled when its page is left, a hardship form shows the server's refusal on the field.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, api, launch, open, signIn } from './lib.mjs';

// Chooses option `name` of the Element Plus select whose test id is `testId`.
async function choose(page, testId, name) {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown:visible').getByRole('option', { name, exact: true }).click();
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-select-dropdown')].some((e) => e.getClientRects().length > 0));
}

// Lets the page's pending work settle: a few animation frames (Vue renders on the next one).
const settle = (page) => page.evaluate(async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
});

// Holds the first request whose URL `matches` until release() is called; `settled` resolves
// when that request has finished or failed (aborted by the page, say).
function hold(page, matches) {
  let release;
  let route;
  const held = new Promise((r) => { release = r; });
  const seen = new Promise((resolve) => {
    page.route(matches, async (r) => {
      if (route) return r.continue();
      route = r;
      resolve(r.request());
      await held;
      await r.continue().catch(() => {}); // already aborted by the page
    });
  });
  const settled = seen.then((request) => new Promise((resolve) => {
    const done = (q) => { if (q === request) resolve(); };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
  }));
  return { seen, release: () => release(), settled };
}

describe('shared pieces of the web app', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser.close(); });

  it('a list shows the answer to the newest search, never a slower answer to an older one', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'city_admin', undefined, '/members');
    await page.getByTestId('member-table').locator('tbody tr').first().waitFor();
    // Two surnames the demo has, searched as parts of names.
    const first = (await api(page, 'GET', '/api/v1/members?limit=1')).body.items[0].name[0];
    let second = '';
    for (const name of ['王', '李', '张', '陈'].filter((n) => n !== first)) {
      if ((await api(page, 'GET', `/api/v1/members?limit=1&name=${encodeURIComponent(name)}`)).body.items.length) {
        second = name;
        break;
      }
    }
    assert.ok(second, 'the demo has one of the common surnames');

    const slow = hold(page, (url) => url.pathname === '/api/v1/members' && url.searchParams.get('q') === first);
    await page.getByTestId('member-filter-q').fill(first);
    await page.getByTestId('member-search').click();
    await slow.seen;
    await page.getByTestId('member-filter-q').fill(second);
    await page.getByTestId('member-search').click();
    const table = page.getByTestId('member-table');
    await table.locator('tbody tr').first().getByText(second).waitFor();

    slow.release();
    await slow.settled;
    await settle(page);
    const names = await table.locator('tbody tr td:first-child .cell').allInnerTexts();
    assert.ok(names.length > 0 && names.every((n) => n.includes(second)), `the list is of ${second}: ${names}`);
    assert.equal(page.url().includes(encodeURIComponent(second)), true);
    await s.done('shared-stale-list');
  });

  it('stops polling a job once its page is left', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'city_admin', undefined, '/members/import');
    // The import and its job are the test's own: the server never sees them.
    const running = { id: 987654, kind: 'member_import', state: 'running', done: 1, total: 10 };
    await page.route((url) => url.pathname === '/api/v1/imports/members', (r) =>
      r.fulfill({ status: 202, contentType: 'application/json', body: JSON.stringify(running) }));
    const polls = [];
    let second;
    const heldSecond = new Promise((r) => { second = r; });
    await page.route((url) => url.pathname === `/api/v1/jobs/${running.id}`, async (r) => {
      polls.push(r.request());
      if (polls.length === 2) await heldSecond;
      await r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(running) }).catch(() => {});
    });
    const failed = new Promise((resolve) => page.on('requestfailed', (q) => { if (q === polls[1]) resolve('aborted'); }));
    await page.getByTestId('import-file').setInputFiles({ name: 'm.csv', mimeType: 'text/csv', buffer: Buffer.from('name\n') });
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-progress').waitFor();
    while (polls.length < 2) await settle(page);

    // Leave the page while the second poll is unanswered; then answer it "still running".
    await page.getByTestId('menu-dashboard').click();
    await page.waitForURL((url) => url.pathname === '/');
    const again = page.waitForRequest((q) => q.url().includes(`/api/v1/jobs/${running.id}`)).then(() => 'polled again', () => 'none');
    second();
    assert.equal(await Promise.race([failed, again]), 'aborted', 'the poll in flight is aborted and no other follows');
    assert.equal(polls.length, 2);
    await s.done('shared-job-unmount');
  });

  it('a hardship grant refused for a field shows the refusal on that field', async () => {
    const s = await open(browser);
    const { page } = s;
    await signIn(page, 'wucheng_admin');
    const archive = (await api(page, 'GET', '/api/v1/hardship/archives?state=active&limit=1')).body.items[0];
    await page.goto(`${BASE}/hardship/archives/${archive.id}`);
    await page.getByTestId('hs-grant-open').click();
    await page.getByTestId('grant-archive').waitFor();
    await choose(page, 'grant-category', '助学');
    await choose(page, 'grant-school-level', '高中');
    await page.getByTestId('grant-amount').fill('100');
    await page.getByTestId('grant-reason').fill('浏览器测试：未填子女');
    s.expectHttpError(400);
    s.expectHttpError(422);
    await page.getByTestId('grant-save').click();
    // The server names the child: its form item says why, not the form's general alert.
    await page.getByTestId('grant-child-item').locator('.el-form-item__error').getByText('子女').waitFor();
    assert.equal(await page.getByTestId('grant-error').count(), 0);
    await s.done('shared-field-error');
  });
});
