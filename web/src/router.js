// Routes of the console (/; the member portal under /m is an entry of its own: portal/). A page
// names the permission it needs; the guard sends a visitor without a session to sign in and back
// afterwards.
import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session.js';
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
    { path: '/', component: () => import('./layouts/ConsoleLayout.vue'), children: consoleRoutes },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSession();
  if (!(await session.restore())) return { name: 'login', query: { redirect: to.fullPath } };
  if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'dashboard' };
  return true;
});
