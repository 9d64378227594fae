// What the portal's service worker keeps, named once for the three that use it: the worker
// (web/src/portal/sw.js, through the build's plugin web/service-worker.js), and the page
// (portal/offline.js), which empties the member's cache on sign-out.

// The shell of one build: `${SHELL_CACHE_PREFIX}${version}`.
export const SHELL_CACHE_PREFIX = 'nj-portal-shell-';
// The signed-in member's last answers, for opening the portal with no signal.
export const MEMBER_CACHE = 'nj-portal-member';
// The only API answers ever kept: the member's card and messages (network first).
export const MEMBER_PATHS = ['/api/v1/portal/me', '/api/v1/portal/messages'];
