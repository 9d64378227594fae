// The member's hardship aid: applying and following it (see portal/manifests.js for the shape).
import en from './portal.messages.en.js';
import zhCN from './portal.messages.zh-CN.js';

export default {
  order: 40,
  routes: [
    { path: 'hardship', name: 'portal-hardship', component: () => import('./PortalHardshipPage.vue'), meta: { title: 'hardship.portal.title', back: 'portal-services' } },
    { path: 'hardship/apply', name: 'portal-hardship-apply', component: () => import('./PortalApplyPage.vue'), meta: { title: 'hardship.portal.apply', back: 'portal-hardship' } },
  ],
  tiles: [{ name: 'hardship', route: 'portal-hardship', title: 'hardship.portal.tab', icon: 'like-o', order: 30 }],
  messages: { 'zh-CN': zhCN, en },
};
