// The web app's shared pieces (web/src/lib): a list drops a stale answer, a job stops being
// polled when its page is left, a hardship form shows the server's refusal on the field.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, launch, open, signIn } from './lib.mjs';

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
    // Two surnames the demo has, searched as name prefixes.
    const first = (await api(page, 'GET', '/api/v1/members?limit=1')).body.items[0].name[0];
    let second = '';
    for (const name of ['王', '李', '张', '陈'].filter((n) => n !== first)) {
      if ((await api(page, 'GET', `/api/v1/members?limit=1&name=${encodeURIComponent(name)}`)).body.items.length) {
        second = name;
        break;
      }
    }
    assert.ok(second, 'the demo has one of the common surnames');

    const slow = hold(page, (url) => url.pathname === '/api/v1/members' && url.searchParams.get('name') === first);
    await page.getByTestId('member-filter-name').fill(first);
    await page.getByTestId('member-search').click();
    await slow.seen;
    await page.getByTestId('member-filter-name').fill(second);
    await page.getByTestId('member-search').click();
    const table = page.getByTestId('member-table');
    await table.locator('tbody tr').first().getByText(second).waitFor();

    slow.release();
    await slow.settled;
    await settle(page);
    const names = await table.locator('tbody tr td:first-child .cell').allInnerTexts();
    assert.ok(names.length > 0 && names.every((n) => n.startsWith(second[0])), `the list is of ${second}: ${names}`);
    assert.equal(page.url().includes(encodeURIComponent(second)), true);
    await s.done('shared-stale-list');
  });
});
