// The member portal installable and offline-friendly (issue 16): the web app manifest and its
// icons, the service worker (/m/sw.js, scope /m/) in charge after one visit, the portal opening
// with no network on the member's last card with the offline notice, the kept card gone on
// sign-out, on another sign-in and when the session ends, and the sign-in page's bytes on the
// wire against its budget (250 KB compressed, a ceiling and not a timing).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, PHONE, PORTAL_PASSWORD, PORTAL_PHONE, field, launch, open } from './lib.mjs';

const MEMBER_CACHE = 'nj-portal-member'; // web/src/portal/offlineCache.js
const BUDGET = 250 * 1024;

async function signIn(page) {
  await page.goto(BASE + '/m/login');
  await field(page, 'portal-phone').fill(PORTAL_PHONE);
  await field(page, 'portal-password').fill(PORTAL_PASSWORD);
  await page.getByTestId('portal-submit').click();
  await page.getByTestId('portal-card').waitFor();
}

// The service worker in charge of the page, and the member's card kept by it.
async function controlledWithCard(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(async (name) => (await (await caches.open(name)).keys())
    .some((r) => new URL(r.url).pathname === '/api/v1/portal/me'), MEMBER_CACHE, { polling: 100 });
}

const kept = (page) => page.evaluate(async (name) => ((await caches.has(name))
  ? (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname) : []), MEMBER_CACHE);

// Going offline on purpose: the browser's reports of the requests that could not be sent are
// not faults of the page.
const dropOffline = (s) => s.errors.splice(0, s.errors.length, ...s.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(e)));

// Width and height of a PNG, from its IHDR chunk.
const pngSize = (buf) => [buf.readUInt32BE(16), buf.readUInt32BE(20)];

describe('the member portal installable and offline', () => {
  let browser;
  before(async () => {
    assert.ok(PORTAL_PHONE, 'the demo printed a portal login');
    browser = await launch();
  });
  after(async () => { await browser.close(); });

  it('links a valid web app manifest whose icons load as PNGs of their sizes', async () => {
    const s = await open(browser, PHONE);
    const { page } = s;
    await page.goto(BASE + '/m/login');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    assert.equal(href, '/m/manifest.webmanifest');
    const res = await s.context.request.get(BASE + href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^application\/manifest\+json/);
    const m = await res.json();
    assert.equal(m.name, '娘家');
    assert.ok(m.short_name && m.short_name.length <= 12, 'a short name for the home screen');
    assert.equal(m.start_url, '/m/card');
    assert.equal(m.scope, '/m/');
    assert.equal(m.display, 'standalone');
    assert.equal(m.theme_color, '#c8161d');
    assert.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), m.theme_color);
    assert.match(m.background_color, /^#[0-9a-f]{6}$/i);
    // Chromium's own reading of it: no errors, the same fields.
    const cdp = await s.context.newCDPSession(page);
    const read = await cdp.send('Page.getAppManifest');
    assert.deepEqual(read.errors, [], 'Chromium reads the manifest without errors');
    assert.ok(read.url.endsWith(href));
    for (const size of [192, 512]) assert.ok(m.icons.some((i) => i.sizes === `${size}x${size}` && (i.purpose ?? 'any').includes('any')), `a ${size} px icon`);
    assert.ok(m.icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable'), 'a maskable icon');
    for (const icon of m.icons) {
      const r = await s.context.request.get(new URL(icon.src, BASE + href).href);
      assert.equal(r.status(), 200, icon.src);
      assert.equal(r.headers()['content-type'], 'image/png', icon.src);
      assert.equal(icon.type, 'image/png');
      assert.deepEqual(pngSize(await r.body()), icon.sizes.split('x').map(Number), icon.src);
    }
    await s.done('pwa-manifest');
  });

  it('is in the charge of its service worker after one visit, the console is not', async () => {
    const s = await open(browser, PHONE);
    const { page } = s;
    const sw = await s.context.request.get(BASE + '/m/sw.js');
    assert.equal(sw.status(), 200);
    assert.match(sw.headers()['content-type'], /^text\/javascript/);
    assert.equal(sw.headers()['cache-control'], 'no-cache', 'a new worker is seen on the next visit');
    await signIn(page);
    await controlledWithCard(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    assert.equal(scope, BASE + '/m/');
    // The kept shell holds the portal's files and none of the console's.
    const shell = await page.evaluate(async () => {
      const name = (await caches.keys()).find((k) => k.startsWith('nj-portal-shell-'));
      return (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    });
    assert.ok(shell.includes('/portal.html') && shell.includes('/m/manifest.webmanifest'), shell.join(' '));
    assert.ok(!shell.some((f) => /element-plus|echarts|^\/index\.html$/.test(f)), 'nothing of the console');
    // The console, on the same site, is outside the worker's scope.
    const console_ = await s.context.newPage();
    await console_.goto(BASE + '/login', { waitUntil: 'load' });
    assert.equal(new URL(console_.url()).pathname, '/login');
    assert.equal(await console_.evaluate(() => navigator.serviceWorker.controller), null);
    await console_.close();
    await s.done('pwa-controlled');
  });

  it('is installable after one visit, by Chromium\'s own check (add to home screen)', async () => {
    // A profile of its own: Chromium offers no installing in an incognito context (Playwright's).
    const profile = mkdtempSync(join(tmpdir(), 'niangjia-pwa-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.NJ_CHROMIUM ?? '/usr/bin/chromium', headless: true, ...PHONE,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = context.pages()[0] ?? await context.newPage();
      await signIn(page);
      await controlledWithCard(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, [], 'the manifest, its icons, a worker with a fetch handler in charge of start_url');
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  it('opens with no network after one visit: the card kept, and a notice that it is offline', async () => {
    const s = await open(browser, PHONE);
    const { page } = s;
    await signIn(page);
    await controlledWithCard(page);
    const name = await page.getByTestId('portal-name').innerText();
    const cardNo = await page.getByTestId('portal-card-no').innerText();
    assert.equal(await page.getByTestId('portal-offline').count(), 0, 'no notice while online');
    await s.context.setOffline(true);
    await page.goto(BASE + '/m/card');
    await page.getByTestId('portal-card').waitFor();
    assert.equal(await page.getByTestId('portal-name').innerText(), name);
    assert.equal(await page.getByTestId('portal-card-no').innerText(), cardNo);
    const notice = page.getByTestId('portal-offline');
    await notice.waitFor();
    assert.match(await notice.innerText(), /离线 — 显示的是上次的数据/);
    await page.getByTestId('portal-qr').waitFor();
    await page.screenshot({ path: new URL('./screenshots/pwa-offline-card.png', import.meta.url).pathname });
    // The other tabs open from the kept shell too.
    await page.getByTestId('tab-services').click();
    await page.getByTestId('portal-services').waitFor();
    // Signing out with no network: signed out here, the kept card gone, and the member told.
    await page.getByTestId('tab-mine').click();
    await page.getByTestId('portal-sign-out').click();
    await page.waitForURL(/\/m\/login/);
    await page.locator('.van-toast').getByText('已在本机退出').waitFor();
    assert.deepEqual(await kept(page), []);
    await page.goto(BASE + '/m/card');
    await page.waitForURL(/\/m\/login/);
    assert.equal(await page.getByTestId('portal-card').count(), 0);
    await s.context.setOffline(false);
    // Back online, the notice goes.
    await signIn(page);
    assert.equal(await page.getByTestId('portal-offline').count(), 0);
    dropOffline(s);
    await s.done('pwa-offline');
  });

  it('forgets the kept card on sign-out, on another sign-in, and when the session has ended', async () => {
    const s = await open(browser, PHONE);
    const { page } = s;
    s.expectHttpError(401);
    await signIn(page);
    await controlledWithCard(page);
    // Sign-out: nothing of the member kept; with no network the portal then asks to sign in.
    await page.getByTestId('tab-mine').click();
    await page.getByTestId('portal-sign-out').click();
    await page.waitForURL(/\/m\/login/);
    assert.deepEqual(await kept(page), []);
    await s.context.setOffline(true);
    await page.goto(BASE + '/m/card');
    await page.waitForURL(/\/m\/login/);
    await page.getByTestId('portal-phone').waitFor();
    assert.equal(await page.getByTestId('portal-card').count(), 0, 'no card after sign-out');
    await s.context.setOffline(false);

    // Another sign-in on this phone: what was kept before it (someone else's) goes.
    await page.evaluate(async (name) => (await caches.open(name)).put('/api/v1/portal/messages?before=1', new Response('{"items":[]}')), MEMBER_CACHE);
    await signIn(page);
    await controlledWithCard(page);
    assert.deepEqual(await kept(page), ['/api/v1/portal/me']);

    // The session ended (its cookie gone): the server's 401 empties what was kept.
    await s.context.clearCookies();
    await page.goto(BASE + '/m/card');
    await page.waitForURL(/\/m\/login/);
    await page.waitForFunction(async (name) => !(await caches.has(name)), MEMBER_CACHE, { polling: 100 });
    await s.context.setOffline(true);
    await page.goto(BASE + '/m/card');
    await page.waitForURL(/\/m\/login/);
    await s.context.setOffline(false);
    dropOffline(s);
    await s.done('pwa-forget');
  });

  it(`transfers at most ${BUDGET / 1024} KB compressed for the sign-in page, cache empty`, async () => {
    const s = await open(browser, { ...PHONE, serviceWorkers: 'block' });
    const { page } = s;
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    const urls = new Map();
    let bytes = 0;
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => {
      if (!urls.get(e.requestId)?.startsWith('data:')) bytes += e.encodedDataLength;
    });
    await page.goto(BASE + '/m/login', { waitUntil: 'networkidle' });
    await field(page, 'portal-phone').waitFor();
    await page.waitForLoadState('networkidle');
    const files = [...urls.values()].filter((u) => !u.startsWith('data:')).map((u) => new URL(u).pathname);
    console.log(`sign-in page, cold: ${(bytes / 1024).toFixed(1)} KB on the wire in ${files.length} requests (budget ${BUDGET / 1024} KB)`);
    assert.ok(!files.some((f) => /element-plus|echarts/.test(f)), `none of the console's libraries: ${files.join(' ')}`);
    assert.ok(bytes > 10 * 1024, `the page was loaded and counted (${bytes} bytes)`);
    assert.ok(bytes <= BUDGET, `the sign-in page transfers ${(bytes / 1024).toFixed(1)} KB, over its ${BUDGET / 1024} KB budget`);
    await s.done('pwa-budget');
  });
});
