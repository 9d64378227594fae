// Hardship aid: archives, standards, grants, campaigns, reports (see stats/module.js for
// the shape; the member's pages are in portal.js).
import { HelpFilled } from '@element-plus/icons-vue';
import zhCN from './messages.zh-CN.js';
import en from './messages.en.js';

const read = { permission: 'hardship:read' };
export default {
  order: 60,
  routes:
      [
        {
          path: 'hardship',
          name: 'hardship',
          component: () => import('./OverviewPage.vue'),
          meta: {title: 'hardship.menu.hardshipOverview', ...read}
        },
        {
          path: 'hardship/archives',
          name: 'hardship-archives',
          component: () => import('./ArchivesPage.vue'),
          meta: {title: 'hardship.menu.hardshipArchives', ...read}
        },
        {
          path: 'hardship/archives/new',
          name: 'hardship-archive-new',
          component: () => import('./ArchiveFormPage.vue'),
          meta: {
            title: 'hardship.newArchive',
            parent: 'hardship-archives',
            permission: 'hardship:write'
          }
        },
        {
          path: 'hardship/archives/:id',
          name: 'hardship-archive',
          component: () => import('./ArchiveDetailPage.vue'),
          meta: {title: 'hardship.archive', parent: 'hardship-archives', ...read}
        },
        {
          path: 'hardship/archives/:id/edit',
          name: 'hardship-archive-edit',
          component: () => import('./ArchiveFormPage.vue'),
          meta: {
            title: 'hardship.editArchive',
            parent: 'hardship-archives',
            permission: 'hardship:write'
          }
        },
        {
          path: 'hardship/standards',
          name: 'hardship-standards',
          component: () => import('./StandardsPage.vue'),
          meta: {title: 'hardship.menu.hardshipStandards', ...read}
        },
        {
          path: 'hardship/relevels',
          name: 'hardship-relevels',
          component: () => import('./RelevelsPage.vue'),
          meta: {title: 'hardship.menu.hardshipRelevels', ...read}
        },
        {
          path: 'hardship/grants',
          name: 'hardship-grants',
          component: () => import('./GrantsPage.vue'),
          meta: {title: 'hardship.menu.hardshipGrants', ...read}
        },
        {
          path: 'hardship/grants/:id',
          name: 'hardship-grant',
          component: () => import('./GrantPage.vue'),
          meta: {title: 'hardship.grant.detail', parent: 'hardship-grants', ...read}
        },
        {
          path: 'hardship/campaigns',
          name: 'hardship-campaigns',
          component: () => import('./CampaignsPage.vue'),
          meta: {title: 'hardship.menu.hardshipCampaigns', ...read}
        },
        {
          path: 'hardship/campaigns/:id',
          name: 'hardship-campaign',
          component: () => import('./CampaignPage.vue'),
          meta: {title: 'hardship.campaign.detail', parent: 'hardship-campaigns', ...read}
        },
        {
          path: 'hardship/reports',
          name: 'hardship-reports',
          component: () => import('./ReportsPage.vue'),
          meta: {title: 'hardship.menu.hardshipReports', ...read}
        },
      ],
  menu:
      [
        {
          name: 'hardship-menu',
          icon: HelpFilled,
          title: 'hardship.menu.hardship',
          children: [
            {name: 'hardship', path: '/hardship', title: 'hardship.menu.hardshipOverview', ...read},
            {
              name: 'hardship-archives',
              path: '/hardship/archives',
              title: 'hardship.menu.hardshipArchives',
              ...read
            },
            {
              name: 'hardship-standards',
              path: '/hardship/standards',
              title: 'hardship.menu.hardshipStandards',
              ...read
            },
            {
              name: 'hardship-grants',
              path: '/hardship/grants',
              title: 'hardship.menu.hardshipGrants',
              ...read
            },
            {
              name: 'hardship-campaigns',
              path: '/hardship/campaigns',
              title: 'hardship.menu.hardshipCampaigns',
              ...read
            },
            {
              name: 'hardship-reports',
              path: '/hardship/reports',
              title: 'hardship.menu.hardshipReports',
              ...read
            },
            {
              name: 'hardship-relevels',
              path: '/hardship/relevels',
              title: 'hardship.menu.hardshipRelevels',
              ...read
            },
          ],
        },
      ],
  messages: {'zh-CN': zhCN, en},
};
