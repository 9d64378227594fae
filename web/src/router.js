// Routes of the console (/) and the member portal (/m/). A console page names the permission
// it needs; the guard sends a visitor without a session to sign in and back afterwards.
import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session.js';
import { usePortal } from './stores/portal.js';

const consoleRoutes = [
  { path: '', name: 'dashboard', component: () => import('./modules/stats/DashboardPage.vue'), meta: { title: 'menu.dashboard' } },
  { path: 'orgs', name: 'orgs', component: () => import('./modules/org/OrgsPage.vue'), meta: { title: 'menu.orgs', permission: 'org:read' } },
  { path: 'members', name: 'members', component: () => import('./modules/member/MembersPage.vue'), meta: { title: 'menu.members', permission: 'member:read' } },
  { path: 'members/import', name: 'import', component: () => import('./modules/member/ImportPage.vue'), meta: { title: 'menu.imports', permission: 'member:write' } },
  { path: 'enterprises', name: 'enterprises', component: () => import('./modules/org/EnterprisesPage.vue'), meta: { title: 'menu.enterprises', permission: 'org:read' } },
  { path: 'committees', name: 'committees', component: () => import('./modules/org/CommitteesPage.vue'), meta: { title: 'menu.committees', permission: 'org:read' } },
  { path: 'applications', name: 'applications', component: () => import('./modules/approval/ApplicationsPage.vue'), meta: { title: 'menu.approvals' } },
  { path: 'members/:id', name: 'member', component: () => import('./modules/member/MemberDetailPage.vue'), meta: { title: 'member.detail', parent: 'members', permission: 'member:read' } },
  { path: 'users', name: 'users', component: () => import('./modules/auth/UsersPage.vue'), meta: { title: 'menu.users', permission: 'user:admin' } },
  { path: 'roles', name: 'roles', component: () => import('./modules/auth/RolesPage.vue'), meta: { title: 'menu.roles' } },
  { path: 'payout', name: 'payout', component: () => import('./modules/payout/PayoutPage.vue'), meta: { title: 'menu.payout', permission: 'payout:read' } },
  { path: 'payout/batches/:id', name: 'payout-batch', component: () => import('./modules/payout/BatchPage.vue'), meta: { title: 'payout.detail', parent: 'payout', permission: 'payout:read' } },
  { path: 'ledger', name: 'ledger', component: () => import('./modules/payout/LedgerPage.vue'), meta: { title: 'menu.ledger', permission: 'payout:read' } },
  { path: 'aid/plans', name: 'aid-plans', component: () => import('./modules/mutual_aid/PlansPage.vue'), meta: { title: 'menu.aidPlans', permission: 'aid:read' } },
  { path: 'aid/plans/:code', name: 'aid-plan', component: () => import('./modules/mutual_aid/PlanPage.vue'), meta: { title: 'aid.plan.detail', parent: 'aid-plans', permission: 'aid:read' } },
  { path: 'aid/ingest', name: 'aid-ingest', component: () => import('./modules/mutual_aid/IngestPage.vue'), meta: { title: 'menu.aidIngest', permission: 'aid:bulk' } },
  { path: 'aid/claims', name: 'aid-claims', component: () => import('./modules/mutual_aid/ClaimsPage.vue'), meta: { title: 'menu.aidClaims', permission: 'aid:read' } },
  { path: 'aid/hand-claims/:id', name: 'aid-hand-claim', component: () => import('./modules/mutual_aid/HandClaimPage.vue'), meta: { title: 'aid.hand.detail', parent: 'aid-claims', permission: 'aid:read' } },
  { path: 'audit', name: 'audit', component: () => import('./modules/auth/AuditPage.vue'), meta: { title: 'menu.audit', permission: 'audit:read' } },
  { path: 'hardship', name: 'hardship', component: () => import('./modules/hardship/OverviewPage.vue'), meta: { title: 'menu.hardshipOverview', permission: 'hardship:read' } },
  { path: 'hardship/archives', name: 'hardship-archives', component: () => import('./modules/hardship/ArchivesPage.vue'), meta: { title: 'menu.hardshipArchives', permission: 'hardship:read' } },
  { path: 'hardship/archives/new', name: 'hardship-archive-new', component: () => import('./modules/hardship/ArchiveFormPage.vue'), meta: { title: 'hardship.newArchive', parent: 'hardship-archives', permission: 'hardship:write' } },
  { path: 'hardship/archives/:id', name: 'hardship-archive', component: () => import('./modules/hardship/ArchiveDetailPage.vue'), meta: { title: 'hardship.archive', parent: 'hardship-archives', permission: 'hardship:read' } },
  { path: 'hardship/archives/:id/edit', name: 'hardship-archive-edit', component: () => import('./modules/hardship/ArchiveFormPage.vue'), meta: { title: 'hardship.editArchive', parent: 'hardship-archives', permission: 'hardship:write' } },
  { path: 'hardship/standards', name: 'hardship-standards', component: () => import('./modules/hardship/StandardsPage.vue'), meta: { title: 'menu.hardshipStandards', permission: 'hardship:read' } },
  { path: 'hardship/relevels', name: 'hardship-relevels', component: () => import('./modules/hardship/RelevelsPage.vue'), meta: { title: 'menu.hardshipRelevels', permission: 'hardship:read' } },
  { path: 'hardship/grants', name: 'hardship-grants', component: () => import('./modules/hardship/GrantsPage.vue'), meta: { title: 'menu.hardshipGrants', permission: 'hardship:read' } },
  { path: 'hardship/grants/:id', name: 'hardship-grant', component: () => import('./modules/hardship/GrantPage.vue'), meta: { title: 'hardship.grant.detail', parent: 'hardship-grants', permission: 'hardship:read' } },
  { path: 'hardship/campaigns', name: 'hardship-campaigns', component: () => import('./modules/hardship/CampaignsPage.vue'), meta: { title: 'menu.hardshipCampaigns', permission: 'hardship:read' } },
  { path: 'hardship/campaigns/:id', name: 'hardship-campaign', component: () => import('./modules/hardship/CampaignPage.vue'), meta: { title: 'hardship.campaign.detail', parent: 'hardship-campaigns', permission: 'hardship:read' } },
  { path: 'hardship/reports', name: 'hardship-reports', component: () => import('./modules/hardship/ReportsPage.vue'), meta: { title: 'menu.hardshipReports', permission: 'hardship:read' } },
  { path: ':rest(.*)*', name: 'not-found', component: () => import('./components/NotFound.vue'), meta: { title: 'common.pageNotFound' } },
];

const portalRoutes = [
  { path: '', redirect: { name: 'portal-card' } },
  { path: 'card', name: 'portal-card', component: () => import('./modules/portal/PortalCardPage.vue'), meta: { title: 'portal.myCard' } },
  { path: 'payments', name: 'portal-payments', component: () => import('./modules/payout/PortalPaymentsPage.vue'), meta: { title: 'portal.myPayments' } },
  { path: 'aid', name: 'portal-aid', component: () => import('./modules/mutual_aid/PortalAidPage.vue'), meta: { title: 'portalAid.title' } },
  { path: 'aid/new', name: 'portal-aid-new', component: () => import('./modules/mutual_aid/PortalClaimPage.vue'), meta: { title: 'portalAid.newTitle' } },
  { path: 'union', name: 'portal-union', component: () => import('./modules/portal/PortalUnionPage.vue'), meta: { title: 'portal.myUnion' } },
  { path: 'hardship', name: 'portal-hardship', component: () => import('./modules/hardship/PortalHardshipPage.vue'), meta: { title: 'hardship.portal.title' } },
  { path: 'hardship/apply', name: 'portal-hardship-apply', component: () => import('./modules/hardship/PortalApplyPage.vue'), meta: { title: 'hardship.portal.apply' } },
];

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./modules/auth/LoginPage.vue'), meta: { public: true } },
    { path: '/m/join', name: 'portal-join', component: () => import('./modules/portal/PortalJoinPage.vue'), meta: { public: true, portal: true, title: 'join.title' } },
    { path: '/m/progress', name: 'portal-progress', component: () => import('./modules/portal/PortalProgressPage.vue'), meta: { public: true, portal: true, title: 'progress.title' } },
    { path: '/m/login', name: 'portal-login', component: () => import('./modules/portal/PortalLoginPage.vue'), meta: { public: true, portal: true } },
    { path: '/m', component: () => import('./layouts/PortalLayout.vue'), children: portalRoutes, meta: { portal: true } },
    { path: '/', component: () => import('./layouts/ConsoleLayout.vue'), children: consoleRoutes },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (to.meta.portal) {
    if (await usePortal().restore()) return true;
    return { name: 'portal-login', query: { redirect: to.fullPath } };
  }
  const session = useSession();
  if (!(await session.restore())) return { name: 'login', query: { redirect: to.fullPath } };
  if (to.meta.permission && !session.can(to.meta.permission)) return { name: 'dashboard' };
  return true;
});
