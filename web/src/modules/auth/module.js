// Sign-in, users, roles and the audit log (see stats/module.js for the shape).
import { Document, Key, User } from '@element-plus/icons-vue';

export default {
  order: 80,
  publicRoutes: [
    { path: '/login', name: 'login', component: () => import('./LoginPage.vue'), meta: { public: true } },
  ],
  routes: [
    { path: 'users', name: 'users', component: () => import('./UsersPage.vue'), meta: { title: 'menu.users', permission: 'user:admin' } },
    { path: 'roles', name: 'roles', component: () => import('./RolesPage.vue'), meta: { title: 'menu.roles' } },
    { path: 'audit', name: 'audit', component: () => import('./AuditPage.vue'), meta: { title: 'menu.audit', permission: 'audit:read' } },
  ],
  menu: [
    { name: 'users', path: '/users', icon: User, title: 'menu.users', permission: 'user:admin' },
    { name: 'roles', path: '/roles', icon: Key, title: 'menu.roles' },
    { name: 'audit', path: '/audit', icon: Document, title: 'menu.audit', permission: 'audit:read' },
  ],
};
