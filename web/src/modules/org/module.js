// Organisations, enterprises and committees (see stats/module.js for the shape).
import {Calendar, OfficeBuilding, Shop} from '@element-plus/icons-vue';

import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 20,
  routes:
      [
        {
          path: 'orgs',
          name: 'orgs',
          component: () => import('./OrgsPage.vue'),
          meta: {title: 'org.menu.orgs', permission: 'org:read'}
        },
        {
          path: 'enterprises',
          name: 'enterprises',
          component: () => import('./EnterprisesPage.vue'),
          meta: {title: 'org.menu.enterprises', permission: 'org:read'}
        },
        {
          path: 'unions',
          name: 'unions',
          component: () => import('./UnionsPage.vue'),
          meta: {title: 'org.unions.title', permission: 'org:read'}
        },
        {
          path: 'committees',
          name: 'committees',
          component: () => import('./CommitteesPage.vue'),
          meta: {title: 'org.menu.committees', permission: 'org:read'}
        },
      ],
  menu:
      [
        {
          name: 'orgs',
          path: '/orgs',
          icon: OfficeBuilding,
          title: 'org.menu.orgs',
          permission: 'org:read'
        },
        {
          name: 'enterprises',
          path: '/enterprises',
          icon: Shop,
          title: 'org.menu.enterprises',
          permission: 'org:read'
        },
        {
          name: 'committees',
          path: '/committees',
          icon: Calendar,
          title: 'org.menu.committees',
          permission: 'org:read'
        },
      ],
  messages: {'zh-CN': zhCN, en},
};
