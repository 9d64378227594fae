// Shared helpers of the browser tests: Debian's Chromium driven by playwright-core, a page that
// records console errors (a test fails on any), screenshots for a person to look at, and
// signing in. scripts/test.sh passes NJ_BASE_URL, NJ_PASSWORD, NJ_PORTAL_PHONE, NJ_PORTAL_PASSWORD.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export { luhn } from '../api/lib.mjs';

export const BASE = process.env.NJ_BASE_URL ?? 'http://127.0.0.1:8080';
export const PASSWORD = process.env.NJ_PASSWORD ?? '';
export const PORTAL_PHONE = process.env.NJ_PORTAL_PHONE ?? '';
export const PORTAL_PASSWORD = process.env.NJ_PORTAL_PASSWORD ?? '';

const shots = fileURLToPath(new URL('./screenshots/', import.meta.url));
mkdirSync(shots, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.NJ_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// A fresh context (no cookies, no storage) and page. `errors` collects console errors and
// uncaught exceptions; `done()` asserts there were none, except the browser's own report of an
// HTTP error status that the test provoked on purpose and declared with `expectHttpError`.
export async function open(browser, { viewport = { width: 1440, height: 900 }, ...options } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const errors = [];
  const expected = new Set();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
    if (status && expected.has(Number(status[1]))) return;
    errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.setDefaultTimeout(15000);
  return {
    context,
    page,
    errors,
    expectHttpError(status) {
      expected.add(status);
    },
    // Saves tests/browser/screenshots/<name>.png and fails on console errors so far.
    async done(name) {
      await page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
      assert.deepEqual(errors, [], `console errors during ${name}`);
      await context.close();
    },
  };
}

// Phones the portal is tried on: a common one and a narrow one.
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const SMALL_PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

// The text box of a portal form field (Vant puts the testid on the field around it).
export const field = (page, testId) => page.locator(`[data-testid="${testId}"] :is(input, textarea)`);

// Signs in on the console's sign-in page and waits for the console to show.
export async function signIn(page, username, password = PASSWORD, path = '/') {
  await page.goto(BASE + path);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

// Calls the API with the page's own session (cookies and CSRF token), for checks beside the UI.
export async function api(page, method, path, body) {
  return page.evaluate(async ([method, path, body]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const r = await fetch(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token ?? '' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: await r.json() };
  }, [method, path, body]);
}
