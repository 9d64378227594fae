// Applications and their approval (see stats/module.js for the shape).
import {Stamp} from '@element-plus/icons-vue';

import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 70,
  routes:
      [
        {
          path: 'applications',
          name: 'applications',
          component: () => import('./ApplicationsPage.vue'),
          meta: {title: 'approval.menu.approvals'}
        },
      ],
  menu:
      [
        {name: 'applications', path: '/applications', icon: Stamp, title: 'approval.menu.approvals'}
      ],
  messages: {'zh-CN': zhCN, en},
};
