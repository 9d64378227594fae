// vue-i18n: Simplified Chinese by default, English on request; the choice is remembered.
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';
import { manifests } from '../modules/manifests.js';

const saved = localStorage.getItem('nj_lang');

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});
// A module's own messages, declared in its manifest, merged key by key into the languages'.
for (const m of manifests) {
  for (const [lang, messages] of Object.entries(m.messages ?? {})) i18n.global.mergeLocaleMessage(lang, messages);
}

export function setLanguage(lang) {
  i18n.global.locale.value = lang;
  localStorage.setItem('nj_lang', lang);
  document.documentElement.lang = lang;
}

document.documentElement.lang = i18n.global.locale.value;
