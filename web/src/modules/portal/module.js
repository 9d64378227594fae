// The member portal's own pages: the card, the union, joining and following an application
// (see stats/module.js for the shape).
import en from './messages.en.js';
import zhCN from './messages.zh-CN.js';

export default {
  order: 90,
  publicRoutes:
      [
        {
          path: '/m/join',
          name: 'portal-join',
          component: () => import('./PortalJoinPage.vue'),
          meta: {public: true, portal: true, title: 'portal.join.title'}
        },
        {
          path: '/m/progress',
          name: 'portal-progress',
          component: () => import('./PortalProgressPage.vue'),
          meta: {public: true, portal: true, title: 'portal.progress.title'}
        },
        {
          path: '/m/login',
          name: 'portal-login',
          component: () => import('./PortalLoginPage.vue'),
          meta: {public: true, portal: true}
        },
      ],
  portalRoutes:
      [
        {path: '', redirect: {name: 'portal-card'}},
        {
          path: 'card',
          name: 'portal-card',
          component: () => import('./PortalCardPage.vue'),
          meta: {title: 'portal.myCard'}
        },
        {
          path: 'union',
          name: 'portal-union',
          component: () => import('./PortalUnionPage.vue'),
          meta: {title: 'portal.myUnion'}
        },
        {
          path: 'transfer',
          name: 'portal-transfer',
          component: () => import('./PortalTransferPage.vue'),
          meta: {title: 'portal.transfer.title'}
        },
      ],
  portalTabs:
      [
        {name: 'card', route: 'portal-card', title: 'portal.card', order: 10},
        {name: 'union', route: 'portal-union', title: 'portal.myUnion', order: 40},
      ],
  messages: {'zh-CN': zhCN, en},
};
