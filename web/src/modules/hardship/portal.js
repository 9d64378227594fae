// The member's hardship aid: applying and following it (see portal/manifests.js for the shape).
// TODO(issue 16, being ported to Vant): the words the portal uses move to portal.messages.*.js.
import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 40,
  routes: [
    { path: 'hardship', name: 'portal-hardship', component: () => import('./PortalHardshipPage.vue'), meta: { title: 'hardship.portal.title', back: 'portal-services' } },
    { path: 'hardship/apply', name: 'portal-hardship-apply', component: () => import('./PortalApplyPage.vue'), meta: { title: 'hardship.portal.apply', back: 'portal-hardship' } },
  ],
  tiles: [{ name: 'hardship', route: 'portal-hardship', title: 'hardship.portal.tab', icon: 'like-o', order: 30 }],
  messages: { 'zh-CN': zhCN, en },
};
