// The page's side of the portal's service worker (portal/sw.js, served as /m/sw.js): registering
// it, knowing whether the portal is offline (the browser says so, or the worker answered the
// member's card from what it kept), and emptying the member's kept data on sign-out.
import { ref } from 'vue';
import { MEMBER_CACHE } from './offlineCache.js';

const worker = typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : null;

// True while the portal shows what it kept rather than the server's answer.
export const offline = ref(typeof navigator !== 'undefined' && navigator.onLine === false);
window.addEventListener('offline', () => { offline.value = true; });
window.addEventListener('online', () => { offline.value = false; });
worker?.addEventListener('message', (event) => {
  if (event.data?.type === 'nj-network') offline.value = event.data.state === 'offline' || navigator.onLine === false;
});
worker?.startMessages();

let registered = false;
// Registers the worker once the page has loaded and the browser is idle, so that caching the
// shell never competes with the page the member is waiting for. `onFirstControl` runs when the
// worker first takes charge of this page (the member's card is then loaded again, through it, so
// that it is kept). Only in a build: the development server has no /m/sw.js.
export function registerWorker(onFirstControl) {
  if (registered || !worker || !import.meta.env.PROD) return;
  registered = true;
  if (!worker.controller) worker.addEventListener('controllerchange', () => onFirstControl?.(), { once: true });
  const register = () => worker.register('/m/sw.js', { scope: '/m/' }).catch(() => {});
  const idle = () => (window.requestIdleCallback ? window.requestIdleCallback(register, { timeout: 3000 }) : setTimeout(register, 1000));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

// Keeps the card a sign-in answered with, as the worker keeps /portal/me's answers: the portal
// then opens with no signal right after a sign-in, with no second round trip for the card.
export async function keepCard(me) {
  if (typeof caches === 'undefined') return;
  const answer = new Response(JSON.stringify(me), { headers: { 'Content-Type': 'application/json' } });
  await (await caches.open(MEMBER_CACHE)).put('/api/v1/portal/me', answer).catch(() => {});
}

// Forgets the member's kept card and messages (sign-out, another member signing in): a shared
// phone must not show them to the next person.
export async function forgetMember() {
  if (typeof caches === 'undefined') return;
  await caches.delete(MEMBER_CACHE).catch(() => {});
}
