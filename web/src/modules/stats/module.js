// The statistics module: the dashboard. Each module declares its pages, its menu entries and its
// messages in a module.js like this one; router.js, ConsoleLayout.vue and i18n/index.js load them
// all (import.meta.glob), in the order of `order`.
//   routes: console pages (children of /); portalRoutes: member portal pages (children of /m);
//   publicRoutes: pages without a session; menu: side-menu entries (an item, or a group with
//   children), each with the permission it needs; portalTabs: the portal's tabs ({ name, route,
//   title, order }); messages: { 'zh-CN': …, en: … } merged in.
import { DataAnalysis } from '@element-plus/icons-vue';

export default {
  order: 10,
  routes: [
    { path: '', name: 'dashboard', component: () => import('./DashboardPage.vue'), meta: { title: 'menu.dashboard' } },
  ],
  menu: [{ name: 'dashboard', path: '/', icon: DataAnalysis, title: 'menu.dashboard' }],
};
