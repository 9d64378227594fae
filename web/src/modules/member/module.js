// Members and the roster import (see stats/module.js for the shape).
import {Switch, Upload, UserFilled} from '@element-plus/icons-vue';

import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 30,
  routes:
      [
        {
          path: 'members',
          name: 'members',
          component: () => import('./MembersPage.vue'),
          meta: {title: 'member.menu.members', permission: 'member:read'}
        },
        {
          path: 'members/import',
          name: 'import',
          component: () => import('./ImportPage.vue'),
          meta: {title: 'member.menu.imports', permission: 'member:write'}
        },
        {
          path: 'transfers',
          name: 'transfers',
          component: () => import('./TransfersPage.vue'),
          meta: {title: 'member.menu.transfers', permission: 'member:read'}
        },
        {
          path: 'members/:id',
          name: 'member',
          component: () => import('./MemberDetailPage.vue'),
          meta: {title: 'member.detail', parent: 'members', permission: 'member:read'}
        },
      ],
  menu:
      [
        {
          name: 'members',
          path: '/members',
          icon: UserFilled,
          title: 'member.menu.members',
          permission: 'member:read'
        },
        {
          name: 'import',
          path: '/members/import',
          icon: Upload,
          title: 'member.menu.imports',
          permission: 'member:write'
        },
        {
          name: 'transfers',
          path: '/transfers',
          icon: Switch,
          title: 'member.menu.transfers',
          permission: 'member:read'
        },
      ],
  messages: {'zh-CN': zhCN, en},
};
