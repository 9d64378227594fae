// The member's own pages: signing in, the card, the union, joining and changing unions (see
// portal/manifests.js for the shape).
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
    { path: 'transfer', name: 'portal-transfer', component: () => import('./PortalTransferPage.vue'), meta: { title: 'portal.transfer.title', back: 'portal-services' } },
  ],
  tiles: [
    { name: 'union', route: 'portal-union', title: 'portal.myUnion', icon: 'flag-o', order: 40 },
    { name: 'transfer', route: 'portal-transfer', title: 'portal.transfer.tile', icon: 'exchange', order: 50 },
  ],
  messages: { 'zh-CN': zhCN, en },
};
