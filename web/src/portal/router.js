// The member portal's routes, all under /m: the modules' pages (portal.js) inside the layout for
// a signed-in member, the public ones (sign-in, joining) outside it. Tabs replace the history
// entry, pages opened from a tab push one, so the phone's back button leaves a page for the tab
// it came from and, on a tab, leaves the portal as an app would.
import { createRouter, createWebHistory } from 'vue-router';
import { usePortal } from '../stores/portal.js';
import { collect } from './manifests.js';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...collect('publicRoutes').map((r) => ({ ...r, meta: { ...r.meta, public: true } })),
    {
      path: '/m',
      component: () => import('./Layout.vue'),
      children: [
        { path: '', redirect: { name: 'portal-card' } },
        { path: 'services', name: 'portal-services', component: () => import('./TilesPage.vue'), props: { group: 'services' }, meta: { title: 'portal.services' } },
        { path: 'mine', name: 'portal-mine', component: () => import('./TilesPage.vue'), props: { group: 'mine' }, meta: { title: 'portal.mine' } },
        ...collect('routes'),
      ],
    },
    { path: '/:rest(.*)*', redirect: { name: 'portal-card' } },
  ],
  scrollBehavior: (to, from, saved) => saved ?? { top: 0 },
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (await usePortal().restore()) return true;
  return { name: 'portal-login', query: { redirect: to.fullPath } };
});
