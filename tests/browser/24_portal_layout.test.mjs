// The member portal's layout on phones (issue 16): every page a signed-in demo member reaches —
// each tab of the live tab bar and each tile on 服务 and 我的 — and the public pages (sign-in,
// joining, an application's progress), at 390×844 and 360×740, in Chinese and in English: nothing
// wider than the phone, every control one taps at least 44 px tall, nothing marked nj-nowrap on
// more than one line, and no date, amount or long number broken across lines. The pages are found
// from the tab bar and the tiles, so a page a module adds is walked without changing this test.
// (A member's submitted hardship application showing as submitted is 25_portal_hardship's.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, PORTAL_PASSWORD, PORTAL_PHONE, SMALL_PHONE, field, launch, open } from './lib.mjs';

const shot = (name) => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;
const PUBLIC = ['/m/login', '/m/join', '/m/progress'];

// What is wrong with the page as laid out: sideways scrolling, a control too small to tap, an
// nj-nowrap element on two lines or past the screen's edge, a number broken across lines.
// Exempt from 44 px: a control not shown (no box, or hidden from assistive technology), and
// Vant's clear icon inside a field (the field around it is the target).
function problemsOf() {
  const out = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width) out.push(`scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
  const label = (e) => (e.dataset.testid ?? e.innerText ?? e.className).toString().trim().replace(/\s+/g, ' ').slice(0, 30);
  for (const e of document.querySelectorAll('a, button, .van-cell--clickable, .van-tabbar-item, .van-grid-item')) {
    const box = e.getBoundingClientRect();
    if (!e.getClientRects().length || box.width === 0 || getComputedStyle(e).visibility === 'hidden') continue;
    if (e.closest('.van-field__clear, [aria-hidden="true"]')) continue;
    if (box.height < 44 - 0.5) out.push(`"${label(e)}" is ${box.height.toFixed(1)} px tall`);
  }
  for (const e of document.querySelectorAll('.nj-nowrap')) {
    if (!e.getClientRects().length) continue;
    const box = e.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(e).fontSize) * 1.8;
    if (e.getClientRects().length > 1 || box.height > line) out.push(`"${label(e)}" is on more than one line (${box.height.toFixed(0)} px)`);
    if (box.right > width + 0.5) out.push(`"${label(e)}" runs past the screen's edge`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.textContent.matchAll(/\d{4}-\d{2}-\d{2}|¥[\d,]+\.\d\d|\d{6,}/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) out.push(`"${m[0]}" broken across lines`);
    }
  }
  return out;
}

async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.van-loading:not(.van-button__loading)')?.getClientRects().length, null, { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(150); // a transition's last frame
}

async function check(page, found, where, name) {
  await settle(page);
  for (const p of await page.evaluate(problemsOf)) found.push(`${where}: ${p}`);
  await page.screenshot({ path: shot(name), fullPage: true });
}

const SIZES = [['390', PHONE], ['360', SMALL_PHONE]];

describe('the member portal laid out on phones', () => {
  let browser;
  before(async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    browser = await launch();
  });
  after(async () => { await browser.close(); });

  for (const [size, device] of SIZES) {
    for (const lang of ['zh-CN', 'en']) {
      it(`fits every page at ${size} px wide (${lang})`, async () => {
        const s = await open(browser, device);
        const { page } = s;
        await s.context.addInitScript((l) => localStorage.setItem('nj_lang', l), lang);
        const found = [];
        const tag = `portal-layout-${size}-${lang}`;
        for (const path of PUBLIC) {
          await page.goto(BASE + path);
          await check(page, found, path, `${tag}${path.replace(/\//g, '-')}`);
        }
        await page.goto(BASE + '/m/login');
        await field(page, 'portal-phone').fill(PORTAL_PHONE);
        await field(page, 'portal-password').fill(PORTAL_PASSWORD);
        await page.getByTestId('portal-submit').click();
        await page.getByTestId('portal-card').waitFor();
        const tabs = await page.locator('[data-testid="portal-tabs"] [data-testid^="tab-"]').evaluateAll((l) => l.map((e) => e.dataset.testid));
        assert.ok(tabs.includes('tab-card') && tabs.includes('tab-services') && tabs.includes('tab-mine'), tabs.join(' '));
        const seen = new Set();
        for (const tab of tabs) {
          await page.getByTestId(tab).click();
          // The tab is the current one once the router has moved to it (its item active).
          await page.locator(`[data-testid="${tab}"].van-tabbar-item--active`).waitFor();
          await settle(page);
          const tabUrl = page.url();
          await check(page, found, tab, `${tag}-${tab}`);
          // The tiles of this tab (服务's grid, 我的's list), each opened in turn from the tab.
          const tiles = await page.locator('[data-testid^="tile-"]').evaluateAll((l) => l.map((e) => e.dataset.testid));
          for (const tile of tiles) {
            if (seen.has(tile)) continue;
            seen.add(tile);
            if (page.url() !== tabUrl) await page.goto(tabUrl);
            await page.getByTestId(tile).click();
            await page.waitForURL((url) => url.href !== tabUrl);
            await settle(page);
            const path = new URL(page.url()).pathname;
            // A page still built on the console's library brings the console's router with it.
            if (!path.startsWith('/m/')) found.push(`${tab} › ${tile}: left the portal for ${path}`);
            else await check(page, found, `${tab} › ${tile} (${path})`, `${tag}-${tile}`);
          }
          if (page.url() !== tabUrl) await page.goto(tabUrl);
        }
        assert.ok(seen.size > 0, 'the tiles of 服务 and 我的 were walked');
        assert.deepEqual(found, []);
        await s.done(tag);
      });
    }
  }
});
