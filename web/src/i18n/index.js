// vue-i18n: Simplified Chinese by default, English on request; the choice is remembered.
import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN.js';
import en from './en.js';

const saved = localStorage.getItem('nj_lang');

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLanguage(lang) {
  i18n.global.locale.value = lang;
  localStorage.setItem('nj_lang', lang);
  document.documentElement.lang = lang;
}

document.documentElement.lang = i18n.global.locale.value;
