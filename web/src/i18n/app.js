// The vue-i18n of the running app — the console's (i18n/index.js) or the member portal's
// (portal/i18n.js), which are separate entries of the build: each merges the shared words
// (`common`) with its own modules' messages, and shared code (api.js) reads the language and the
// words from whichever app is running without importing either app's messages.
import { createI18n } from 'vue-i18n';

import en from './en.js';
import { mergeMessages } from './merge.js';
import zhCN from './zh-CN.js';

let current = null;

// An i18n of `manifests` ([{ module, messages }]): Simplified Chinese by default, English on
// request (the choice remembered for both apps); `messages` the merged words.
export function createAppI18n(manifests) {
  const missingSeen = {};
  const { messages, problems } = mergeMessages({ 'zh-CN': zhCN, en }, manifests);
  if (problems.length) {
    // The node test fails first; a development build refuses to start rather than let one win.
    if (import.meta.env.DEV) throw new Error(`messages defined twice:\n${problems.join('\n')}`);
    console.error('messages defined twice', problems);
  }
  const i18n = createI18n({
    legacy: false,
    locale: localStorage.getItem('nj_lang') === 'en' ? 'en' : 'zh-CN',
    fallbackLocale: 'zh-CN',
    messages,
    // A key no language defines would show as the key itself: an error in the console, which
    // fails the browser tests (a key missing in English only falls back to Chinese, as meant).
    // Element Plus renders a table column's slot once with an empty row to probe it (`….undefined`).
    missing: (locale, key) => {
      if (!(key in missingSeen) && !key.endsWith('.undefined') && !i18n.global.te(key, 'zh-CN')) {
        missingSeen[key] = true;
        console.error(`[i18n] no message for ${key}`);
      }
    },
  });
  current = i18n;
  document.documentElement.lang = i18n.global.locale.value;
  return { i18n, messages };
}

// The running app's i18n.
export const appI18n = () => current;

export function setLanguage(lang) {
  current.global.locale.value = lang;
  localStorage.setItem('nj_lang', lang);
  document.documentElement.lang = lang;
}
