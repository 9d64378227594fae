// The statistics module: the dashboard. Each module declares its console pages, its menu entries
// and its messages in a module.js like this one; router.js, ConsoleLayout.vue and i18n/index.js
// load them all (import.meta.glob), in the order of `order`. (The member portal's pages are in a
// module's portal.js: see portal/manifests.js.)
//   routes: console pages (children of /); publicRoutes: pages without a session; menu:
//   side-menu entries (an item, or a group with children), each with the permission it needs;
//   messages: { 'zh-CN': …, en: … }: the module's words, found under its folder's name
//   (t('stats.…')); the words every module shares are in i18n/ under `common`. A namespace
//   defined twice, or a menu, permission, entity, action or appKind code defined by two
//   namespaces, is an error (i18n/merge.js, checked by tests/api/00_messages.test.mjs).
import {DataAnalysis} from '@element-plus/icons-vue';

import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 10,
  routes:
      [
        {
          path: '',
          name: 'dashboard',
          component: () => import('./DashboardPage.vue'),
          meta: {title: 'stats.menu.dashboard'}
        },
      ],
  menu: [{name: 'dashboard', path: '/', icon: DataAnalysis, title: 'stats.menu.dashboard'}],
  messages: {'zh-CN': zhCN, en},
};
