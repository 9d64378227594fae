// The member's payments and the bank card they go to (see portal/manifests.js for the shape).
import en from './portal.messages.en.js';
import zhCN from './portal.messages.zh-CN.js';

export default {
  order: 20,
  routes: [
    { path: 'payments', name: 'portal-payments', component: () => import('./PortalPaymentsPage.vue'), meta: { title: 'payout.me.payments', back: 'portal-services' } },
    { path: 'bank-card', name: 'portal-bank-card', component: () => import('./PortalBankCard.vue'), meta: { title: 'payout.portalCard.title', back: 'portal-mine' } },
  ],
  tiles: [
    { name: 'payments', route: 'portal-payments', title: 'payout.me.payments', icon: 'balance-list-o', order: 20 },
    { name: 'bank-card', route: 'portal-bank-card', title: 'payout.me.bankCard', icon: 'credit-pay', order: 20, group: 'mine' },
  ],
  messages: { 'zh-CN': zhCN, en },
};
