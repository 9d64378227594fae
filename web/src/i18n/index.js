// vue-i18n: Simplified Chinese by default, English on request; the choice is remembered. The
// shared words are here (`common`); each module's are under its own name (see merge.js).
import {createI18n} from 'vue-i18n';

import {manifests} from '../modules/manifests.js';

import en from './en.js';
import {mergeMessages, sharedCodesIn, sharedKeyIn} from './merge.js';
import zhCN from './zh-CN.js';

const saved = localStorage.getItem('nj_lang');
const missingSeen = {};
const {messages, problems} = mergeMessages({'zh-CN': zhCN, en}, manifests);
if (problems.length) {
  // The node test fails first; a development build refuses to start rather than let one win.
  if (import.meta.env.DEV) throw new Error(`messages defined twice:\n${problems.join('\n')}`);
  console.error('messages defined twice', problems);
}

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
  // A key no language defines would show as the key itself: an error in the console, which fails
  // the browser tests (a key missing in English only falls back to Chinese, as meant). Element
  // Plus renders a table column's slot once with an empty row to probe it (`….undefined`).
  missing: (locale, key) => {
    if (!(key in missingSeen) && !key.endsWith('.undefined') && !i18n.global.te(key, 'zh-CN')) {
      missingSeen[key] = true;
      console.error(`[i18n] no message for ${key}`);
    }
  },
});

// The key of a code of a shared group (the audit log's 'entity' and 'action', 'permission',
// 'appKind', 'menu') in the namespace that defines it, or null: label(group, code) in the pages.
export const sharedKey = (group, code) => sharedKeyIn(messages['zh-CN'], group, code);
// Every code of a shared group the messages name (the audit log's filter choices).
export const sharedCodes = (group) => sharedCodesIn(messages['zh-CN'], group);

export function setLanguage(lang) {
  i18n.global.locale.value = lang;
  localStorage.setItem('nj_lang', lang);
  document.documentElement.lang = lang;
}

document.documentElement.lang = i18n.global.locale.value;
