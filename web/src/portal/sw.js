// The member portal's service worker, served as /m/sw.js: its scope is /m/, so it never sees a
// console page (a worker controls only pages under its own folder; no server header needed). The
// build (web/service-worker.js) puts `const BUILD = { version, shell, shellPrefix, memberCache,
// memberPaths }` above this text; `shell` is portal.html and every file of the portal's part of
// the build, found from the bundle's graph, and nothing of the console.
//
// Written by hand rather than with Workbox (vite-plugin-pwa): the list of the portal's files out
// of a build with two entries is ours to make either way, the update rule below is not Workbox's
// (it deletes the old precache as a new worker starts, which breaks a page still open on it), and
// what is left is a hundred lines, where Workbox's build step brings Babel, Rollup and Terser.
//
// - The shell: from the cache first (the portal opens at once and with no signal); a new build
//   has a new worker, which caches its shell, takes over at once, and serves it from the next
//   page load on. The previous build's shell is kept until the one after, so a page opened
//   before still loads its own route chunks.
// - The member's card and messages: network first; with no network, the last answer kept, and
//   the page is told it is offline. Kept only when the answer is 2xx; a 401 (the session is
//   gone) empties them. The page empties them on sign-out and before another sign-in.
// - Everything else (other API answers, uploads, anything not GET) goes to the network untouched.
/* global BUILD */

const SHELL = BUILD.shellPrefix + BUILD.version;
const SHELL_FILES = new Set(BUILD.shell);
const MEMBER_PATHS = new Set(BUILD.memberPaths);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    // Hashed files may come from the HTTP cache; the others are checked with the server.
    await cache.addAll(BUILD.shell.map((url) => new Request(url, { cache: url.startsWith('/assets/') ? 'default' : 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const older = (await caches.keys()).filter((name) => name.startsWith(BUILD.shellPrefix) && name !== SHELL);
    // caches.keys() lists in the order made: all but the newest of the older shells go.
    await Promise.all(older.slice(0, -1).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // A page of the portal (the server answers every /m/… without a file name with portal.html).
    if (!/\.[a-z0-9]+$/i.test(url.pathname)) event.respondWith(shell(request));
    return;
  }
  if (MEMBER_PATHS.has(url.pathname)) event.respondWith(memberData(event));
  else if (SHELL_FILES.has(url.pathname)) event.respondWith(fromCache(request));
});

async function shell(request) {
  const cache = await caches.open(SHELL);
  return (await cache.match('/portal.html')) ?? fetch(request);
}

// A file of this build, or of the one before (a page opened under it), else the network.
async function fromCache(request) {
  const options = { ignoreSearch: true, ignoreVary: true };
  return (await (await caches.open(SHELL)).match(request, options)) ?? (await caches.match(request, options)) ?? fetch(request);
}

async function memberData(event) {
  const { request } = event;
  let answer;
  try {
    answer = await fetch(request);
  } catch (error) {
    const kept = await (await caches.open(BUILD.memberCache)).match(request);
    event.waitUntil(tell(event.clientId, 'offline'));
    if (kept) return kept;
    throw error;
  }
  if (answer.ok) {
    const copy = answer.clone();
    event.waitUntil(caches.open(BUILD.memberCache).then((cache) => cache.put(request, copy)));
  } else if (answer.status === 401) {
    event.waitUntil(caches.delete(BUILD.memberCache));
  }
  event.waitUntil(tell(event.clientId, 'online'));
  return answer;
}

// The page that asked: whether its data came from the network or from what was kept.
async function tell(clientId, state) {
  const client = clientId && (await self.clients.get(clientId));
  client?.postMessage({ type: 'nj-network', state });
}
