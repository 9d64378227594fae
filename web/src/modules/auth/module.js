// Sign-in, users, roles and the audit log (see stats/module.js for the shape).
import {Document, Key, User} from '@element-plus/icons-vue';

import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 80,
  publicRoutes:
      [
        {
          path: '/login',
          name: 'login',
          component: () => import('./LoginPage.vue'),
          meta: {public: true}
        },
      ],
  routes:
      [
        {
          path: 'users',
          name: 'users',
          component: () => import('./UsersPage.vue'),
          meta: {title: 'auth.menu.users', permission: 'user:admin'}
        },
        {
          path: 'roles',
          name: 'roles',
          component: () => import('./RolesPage.vue'),
          meta: {title: 'auth.menu.roles'}
        },
        {
          path: 'audit',
          name: 'audit',
          component: () => import('./AuditPage.vue'),
          meta: {title: 'auth.menu.audit', permission: 'audit:read'}
        },
      ],
  menu:
      [
        {
          name: 'users',
          path: '/users',
          icon: User,
          title: 'auth.menu.users',
          permission: 'user:admin'
        },
        {name: 'roles', path: '/roles', icon: Key, title: 'auth.menu.roles'},
        {
          name: 'audit',
          path: '/audit',
          icon: Document,
          title: 'auth.menu.audit',
          permission: 'audit:read'
        },
      ],
  messages: {'zh-CN': zhCN, en},
};
