// The member portal on a mobile link (bench/portal.sh starts the servers): Debian's Chromium on a
// phone viewport with the network emulated through CDP (1.6 Mbps down, 750 kbps up, 150 ms
// RTT). For each server in NJ_TARGETS ("name=url,name=url", the first is "now", the last the
// baseline) and each of NJ_RUNS runs, in a fresh browser context (empty cache):
//   cold: /m/ until the sign-in form is visible; sign in until the member's card is visible;
//   warm: cookies cleared, the cache kept (a repeat visit), the same two steps again.
// Times are wall-clock from the navigation (or the click) to the element being visible, checked on
// every frame (Playwright's own waitFor polls ever more slowly, up to 0.5 s late); bytes are the
// encoded sizes (headers and body as on the wire) summed from Network.loadingFinished, the page's
// and its service worker's. The portal's service worker (/m/sw.js) is throttled alike: each target
// has a link of its own in Chromium's emulation, so what the worker fetches in the background
// takes no bandwidth from the page here, where on a real link it would (its bytes are counted).
// Prints the median of each figure beside its target, then the ratio now / baseline.
// Chromium is launched as the browser tests launch it (playwright-core lives in tests/node_modules).
import { execFileSync } from 'node:child_process';

import { launch } from '../tests/browser/lib.mjs';

// bench/lib.sh's bench_figure (the one way a figure is reported): prints its line and appends
// its row to $NJ_BENCH_RESULTS, which the calling script exported.
const benchFigure = (...args) => execFileSync('bash', ['-c', 'source bench/lib.sh; bench_figure "$@"', 'bench_figure',
  ...args.map(String)], { stdio: 'inherit' });

const targets = process.env.NJ_TARGETS.split(',').map((t) => t.split('='));
const phone = process.env.NJ_PORTAL_PHONE;
const password = process.env.NJ_PORTAL_PASSWORD;
const runs = Number(process.env.NJ_RUNS ?? 3);
const link = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
// Targets of issue 16, in seconds; bytes have none here (the browser test keeps the budget).
const FIGURES = [
  ['cold: sign-in form', 'form', 2], ['cold: card after sign-in', 'card', 2.5],
  ['warm: sign-in form', 'warmForm', 0.5], ['warm: card after sign-in', 'warmCard', 0.5],
];

// The text box of a form field: the testid is on the <input> itself in the baseline's Element
// Plus build and on the field around it in the Vant one.
const input = (page, id) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`);

// The element with the test id laid out on the page, checked on every frame.
const visible = (page, id) => page.waitForFunction(
  (testId) => document.querySelector(`[data-testid="${testId}"]`)?.getClientRects().length > 0,
  id, { polling: 'raf', timeout: 60000 });

// Bytes on the wire, of the page (its CDP session) and of service workers (throttleWorkers).
let onBytes = () => {};
const bytesFrom = (e) => onBytes(e.encodedDataLength);

// One step on the throttled page: its time and the bytes of the responses finished meanwhile.
async function measure(step) {
  let bytes = 0;
  onBytes = (n) => { bytes += n; };
  const start = performance.now();
  await step();
  const seconds = (performance.now() - start) / 1000;
  onBytes = () => {};
  return { seconds, bytes };
}

async function visit(page, base) {
  const form = await measure(async () => {
    await page.goto(base + '/m/', { waitUntil: 'commit' });
    await visible(page, 'portal-phone');
  });
  await input(page, 'portal-phone').fill(phone);
  await input(page, 'portal-password').fill(password);
  const card = await measure(async () => {
    await page.getByTestId('portal-submit').click();
    await visible(page, 'portal-card');
  });
  return { form, card };
}

// Every service worker the browser starts gets the same link as the page, as soon as it starts:
// through the browser's own CDP session (Playwright opens none for workers), attached the older
// way, its messages wrapped (Target.sendMessageToTarget / receivedMessageFromTarget).
async function throttleWorkers(browser) {
  const cdp = await browser.newBrowserCDPSession();
  let id = 0;
  cdp.on('Target.targetCreated', async ({ targetInfo }) => {
    if (targetInfo.type !== 'service_worker') return;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: targetInfo.targetId, flatten: false });
    for (const [method, params] of [['Network.enable', {}], ['Network.emulateNetworkConditions', link]]) {
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) });
    }
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const m = JSON.parse(message);
    if (m.method === 'Network.loadingFinished') bytesFrom(m.params);
  });
  await cdp.send('Target.setDiscoverTargets', { discover: true });
}

async function once(browser, base) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.emulateNetworkConditions', link);
  cdp.on('Network.loadingFinished', bytesFrom);
  const cold = await visit(page, base);
  await context.clearCookies(); // signed out, the cache kept: a repeat visit
  await page.goto('about:blank');
  const warm = await visit(page, base);
  await context.close();
  return { form: cold.form, card: cold.card, warmForm: warm.form, warmCard: warm.card };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (b) => `${(b / 1024).toFixed(0)} KB`;

const browser = await launch();
await throttleWorkers(browser);
const results = {};
for (const [name, base] of targets) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await once(browser, base));
  results[name] = Object.fromEntries(FIGURES.map(([, key]) => [key, {
    seconds: median(samples.map((s) => s[key].seconds)),
    bytes: median(samples.map((s) => s[key].bytes)),
  }]));
}
await browser.close();

const [now, base] = [targets[0][0], targets.at(-1)[0]];
for (const [label, key, target] of FIGURES) {
  benchFigure(`portal ${label} (mobile link)`, results[now][key].seconds.toFixed(3), 's', process.env.NJ_BASE_LABEL ?? 'the baseline build',
    results[base][key].seconds.toFixed(3), `<${target}`);
}
console.log(`median of ${runs} runs; link 1.6 Mbps down / 750 kbps up / 150 ms RTT; phone 390×844`);
console.log(`${'figure'.padEnd(26)} ${'target'.padStart(7)}  ${targets.map(([n]) => `${n.padStart(9)} ${'bytes'.padStart(8)}`).join('  ')}   now/base time  bytes`);
for (const [label, key, target] of FIGURES) {
  const cols = targets.map(([n]) => `${results[n][key].seconds.toFixed(2).padStart(7)} s ${kb(results[n][key].bytes).padStart(8)}`);
  const ok = results[now][key].seconds < target ? 'ok' : 'MISSED';
  const t = (results[now][key].seconds / results[base][key].seconds).toFixed(2);
  const b = results[base][key].bytes ? (results[now][key].bytes / results[base][key].bytes).toFixed(2) : '-';
  console.log(`${label.padEnd(26)} <${String(target).padStart(4)} s  ${cols.join('  ')}   ${t.padStart(13)}  ${b.padStart(5)}  ${ok}`);
}
