// The member's payments and the bank card they go to (see portal/manifests.js for the shape).
// TODO(issue 16, being ported to Vant): the words the portal uses move to portal.messages.*.js.
import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 20,
  routes: [
    { path: 'payments', name: 'portal-payments', component: () => import('./PortalPaymentsPage.vue'), meta: { title: 'portal.myPayments', back: 'portal-services' } },
  ],
  tiles: [{ name: 'payments', route: 'portal-payments', title: 'portal.myPayments', icon: 'balance-list-o', order: 20 }],
  messages: { 'zh-CN': zhCN, en },
};
