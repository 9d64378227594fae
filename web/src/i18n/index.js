// The console's vue-i18n: the shared words (`common`) and, under each module's name, the words of
// its manifest (modules/<module>/module.js; see merge.js and app.js).
import { manifests } from '../modules/manifests.js';

import { createAppI18n } from './app.js';
import { sharedCodesIn, sharedKeyIn } from './merge.js';

const { i18n, messages } = createAppI18n(manifests);
export { i18n };
export { setLanguage } from './app.js';

// The key of a code of a shared group (the audit log's 'entity' and 'action', 'permission',
// 'appKind', 'menu') in the namespace that defines it, or null: label(group, code) in the pages.
export const sharedKey = (group, code) => sharedKeyIn(messages['zh-CN'], group, code);
// Every code of a shared group the messages name (the audit log's filter choices).
export const sharedCodes = (group) => sharedCodesIn(messages['zh-CN'], group);
