// The member portal (会员服务): an entry of its own, built with Vant for phones (see
// vite.config.js), apart from the console.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'vant/es/style/base.css';
import App from './App.vue';
import { i18n } from './i18n.js';
import { router } from './router.js';
import { whenUnauthorized } from '../api.js';
import { usePortal } from '../stores/portal.js';

const app = createApp(App);
app.use(createPinia()).use(i18n).use(router);

// A session that ended while a page was open: back to sign-in, and to this page afterwards.
whenUnauthorized(() => {
  const here = router.currentRoute.value;
  usePortal().set(null);
  if (here.name !== 'portal-login') router.push({ name: 'portal-login', query: { redirect: here.fullPath } });
});

app.mount('#app');
