// The member's own pages: signing in, the card, the union, joining and changing unions, the
// member's applications and password (see portal/manifests.js for the shape).
import en from './portal.messages.en.js';
import zhCN from './portal.messages.zh-CN.js';

export default {
  order: 10,
  publicRoutes: [
    { path: '/m/login', name: 'portal-login', component: () => import('./PortalLoginPage.vue'), meta: { title: 'portal.signIn' } },
    { path: '/m/join', name: 'portal-join', component: () => import('./PortalJoinPage.vue'), meta: { title: 'portal.join.title' } },
    { path: '/m/progress', name: 'portal-progress', component: () => import('./PortalProgressPage.vue'), meta: { title: 'portal.progress.title' } },
  ],
  routes: [
    { path: 'card', name: 'portal-card', component: () => import('./PortalCardPage.vue'), meta: { title: 'portal.myCard' } },
    { path: 'union', name: 'portal-union', component: () => import('./PortalUnionPage.vue'), meta: { title: 'portal.myUnion', back: 'portal-services' } },
    { path: 'transfer', name: 'portal-transfer', component: () => import('./PortalTransferPage.vue'), meta: { title: 'portal.transfer.tile', back: 'portal-services' } },
    { path: 'applications', name: 'portal-applications', component: () => import('./PortalApplicationsPage.vue'), meta: { title: 'portal.apps.title', back: 'portal-mine' } },
    { path: 'password', name: 'portal-password', component: () => import('./PortalPasswordPage.vue'), meta: { title: 'portal.changePassword', back: 'portal-mine' } },
  ],
  tiles: [
    { name: 'union', route: 'portal-union', title: 'portal.myUnion', icon: 'flag-o', order: 40 },
    { name: 'transfer', route: 'portal-transfer', title: 'portal.transfer.tile', icon: 'exchange', order: 50 },
    { name: 'applications', route: 'portal-applications', title: 'portal.apps.title', icon: 'records-o', order: 10, group: 'mine' },
    { name: 'password', route: 'portal-password', title: 'portal.changePassword', icon: 'lock', order: 80, group: 'mine' },
  ],
  messages: { 'zh-CN': zhCN, en },
};
