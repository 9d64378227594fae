import { createApp } from 'vue';
import { createPinia } from 'pinia';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { router } from './router.js';
import { whenUnauthorized } from './api.js';
import { useSession } from './stores/session.js';

const app = createApp(App);
app.use(createPinia()).use(i18n).use(router).use(ElementPlus);

// A session that ended while a page was open: back to sign-in, and to this page afterwards.
whenUnauthorized(() => {
  const here = router.currentRoute.value;
  useSession().set(null);
  if (here.name !== 'login') router.push({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
});

app.mount('#app');
