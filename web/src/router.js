// Routes of the console (/) and the member portal (/m/). A console page names the permission
// it needs; the guard sends a visitor without a session to sign in and back afterwards.
import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session.js';
import { usePortal } from './stores/portal.js';
import { collect } from './modules/manifests.js';

// The pages come from the modules' manifests (modules/<module>/module.js).
const consoleRoutes = [
  ...collect('routes'),
  { path: ':rest(.*)*', name: 'not-found', component: () => import('./components/NotFound.vue'), meta: { title: 'common.pageNotFound' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...collect('publicRoutes'),
    { path: '/m', component: () => import('./layouts/PortalLayout.vue'), children: collect('portalRoutes'), meta: { portal: true } },
    { path: '/', component: () => import('./layouts/ConsoleLayout.vue'), children: consoleRoutes },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (to.meta.portal) {
    if (await usePortal().restore()) return true;
    return { name: 'portal-login', query: { redirect: to.fullPath } };
  }
  const session = useSession();
  if (!(await session.restore())) return { name: 'login', query: { redirect: to.fullPath } };
  if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'dashboard' };
  return true;
});
