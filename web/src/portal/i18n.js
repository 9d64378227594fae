// The portal's vue-i18n: the shared words and the words of the modules' portal.js only, so the
// portal never carries the console's messages. Vant's own words (its buttons, the pull-to-refresh
// hints) follow the same language.
import { watch } from 'vue';
import { Locale } from 'vant';
import vantEn from 'vant/es/locale/lang/en-US';
import vantZh from 'vant/es/locale/lang/zh-CN';

import { createAppI18n } from '../i18n/app.js';
import { manifests } from './manifests.js';

export const { i18n } = createAppI18n(manifests);
export { setLanguage } from '../i18n/app.js';

watch(
  i18n.global.locale,
  (lang) => (lang === 'en' ? Locale.use('en-US', vantEn) : Locale.use('zh-CN', vantZh)),
  { immediate: true },
);
