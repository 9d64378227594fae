// Applications and their approval (see stats/module.js for the shape).
import { Stamp } from '@element-plus/icons-vue';

export default {
  order: 70,
  routes: [
    { path: 'applications', name: 'applications', component: () => import('./ApplicationsPage.vue'), meta: { title: 'menu.approvals' } },
  ],
  menu: [{ name: 'applications', path: '/applications', icon: Stamp, title: 'menu.approvals' }],
};
