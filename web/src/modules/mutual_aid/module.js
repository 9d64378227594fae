// Mutual medical aid: plans, the settlement feed, claims (see stats/module.js for the shape;
// the member's pages are in portal.js).
import { FirstAidKit } from '@element-plus/icons-vue';
import zhCN from './messages.zh-CN.js';
import en from './messages.en.js';

export default {
  order: 50,
  routes:
      [
        {
          path: 'aid/plans',
          name: 'aid-plans',
          component: () => import('./PlansPage.vue'),
          meta: {title: 'mutual_aid.menu.aidPlans', permission: 'aid:read'}
        },
        {
          path: 'aid/plans/:code',
          name: 'aid-plan',
          component: () => import('./PlanPage.vue'),
          meta: {title: 'mutual_aid.plan.detail', parent: 'aid-plans', permission: 'aid:read'}
        },
        {
          path: 'aid/ingest',
          name: 'aid-ingest',
          component: () => import('./IngestPage.vue'),
          meta: {title: 'mutual_aid.menu.aidIngest', permission: 'aid:bulk'}
        },
        {
          path: 'aid/claims',
          name: 'aid-claims',
          component: () => import('./ClaimsPage.vue'),
          meta: {title: 'mutual_aid.menu.aidClaims', permission: 'aid:read'}
        },
        {
          path: 'aid/hand-claims/:id',
          name: 'aid-hand-claim',
          component: () => import('./HandClaimPage.vue'),
          meta: {title: 'mutual_aid.hand.detail', parent: 'aid-claims', permission: 'aid:read'}
        },
      ],
  menu:
      [
        {
          name: 'aid',
          icon: FirstAidKit,
          title: 'mutual_aid.menu.aid',
          children: [
            {
              name: 'aid-plans',
              path: '/aid/plans',
              title: 'mutual_aid.menu.aidPlans',
              permission: 'aid:read'
            },
            {
              name: 'aid-ingest',
              path: '/aid/ingest',
              title: 'mutual_aid.menu.aidIngest',
              permission: 'aid:bulk'
            },
            {
              name: 'aid-claims',
              path: '/aid/claims',
              title: 'mutual_aid.menu.aidClaims',
              permission: 'aid:read'
            },
          ],
        },
      ],
  messages: {'zh-CN': zhCN, en},
};
