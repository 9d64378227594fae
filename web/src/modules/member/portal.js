// The member module's words on the portal's pages (see portal/manifests.js for the shape; the
// pages themselves are in portal/).
import en from './portal.messages.en.js';
import zhCN from './portal.messages.zh-CN.js';

export default { messages: { 'zh-CN': zhCN, en } };
