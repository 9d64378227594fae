// vue-i18n: Simplified Chinese by default, English on request; the choice is remembered.
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';
import hardshipZh from './hardship.zh-CN.js';
import hardshipEn from './hardship.en.js';
import aidZh from './mutual_aid.zh-CN.js';
import aidEn from './mutual_aid.en.js';

const saved = localStorage.getItem('nj_lang');

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});
// A module's own messages, kept in a file of their own, merged key by key into the languages'.
i18n.global.mergeLocaleMessage('zh-CN', hardshipZh);
i18n.global.mergeLocaleMessage('en', hardshipEn);
i18n.global.mergeLocaleMessage('zh-CN', aidZh);
i18n.global.mergeLocaleMessage('en', aidEn);

export function setLanguage(lang) {
  i18n.global.locale.value = lang;
  localStorage.setItem('nj_lang', lang);
  document.documentElement.lang = lang;
}

document.documentElement.lang = i18n.global.locale.value;
