// One-card payout: batches, items, the ledger (see stats/module.js for the shape; the
// member's pages are in portal.js).
import {Notebook, Upload, Wallet} from '@element-plus/icons-vue';

import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 40,
  routes:
      [
        {
          path: 'payout',
          name: 'payout',
          component: () => import('./PayoutPage.vue'),
          meta: {title: 'payout.menu.payout', permission: 'payout:read'}
        },
        {
          path: 'payout/batches/:id',
          name: 'payout-batch',
          component: () => import('./BatchPage.vue'),
          meta: {title: 'payout.detail', parent: 'payout', permission: 'payout:read'}
        },
        {
          path: 'payout/accounts/import',
          name: 'payout-account-import',
          component: () => import('./AccountImportPage.vue'),
          meta: {title: 'payout.accountImport.title', permission: 'payout:write'}
        },
        {
          path: 'ledger',
          name: 'ledger',
          component: () => import('./LedgerPage.vue'),
          meta: {title: 'payout.menu.ledger', permission: 'payout:read'}
        },
      ],
  menu:
      [
        {
          name: 'payout',
          path: '/payout',
          icon: Wallet,
          title: 'payout.menu.payout',
          permission: 'payout:read'
        },
        {
          name: 'payout-account-import',
          path: '/payout/accounts/import',
          icon: Upload,
          title: 'payout.accountImport.menu',
          permission: 'payout:write'
        },
        {
          name: 'ledger',
          path: '/ledger',
          icon: Notebook,
          title: 'payout.menu.ledger',
          permission: 'payout:read'
        },
      ],
  messages: {'zh-CN': zhCN, en},
};
