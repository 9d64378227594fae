// The member's mutual-aid claims (see portal/manifests.js for the shape).
import en from './portal.messages.en.js';
import zhCN from './portal.messages.zh-CN.js';

export default {
  order: 30,
  routes: [
    { path: 'aid', name: 'portal-aid', component: () => import('./PortalAidPage.vue'), meta: { title: 'mutual_aid.portal.title', back: 'portal-services' } },
    { path: 'aid/new', name: 'portal-aid-new', component: () => import('./PortalClaimPage.vue'), meta: { title: 'mutual_aid.portal.newTitle', back: 'portal-aid' } },
  ],
  tiles: [{ name: 'aid', route: 'portal-aid', title: 'mutual_aid.portal.tab', icon: 'shield-o', order: 10 }],
  messages: { 'zh-CN': zhCN, en },
};
