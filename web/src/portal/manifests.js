// The member portal's part of every module (modules/<module>/portal.js), in order: a module adds
// its own portal.js — pages, tiles on 服务 and 我的, a tab, its words — and edits nothing here.
//
// export default {
//   order: 30,
//   publicRoutes: [...],   // pages under /m for a visitor with no session (sign-in, join)
//   routes: [...],         // pages under /m for a signed-in member (children of the layout);
//                          // meta.title a message key, meta.back the route a back arrow returns to
//   tabs: [{ name, route, title, icon, order, badge }],   // the tab bar; badge: a count on /portal/me
//   tiles: [{ name, route, title, icon, order, group }],  // group 'services' (服务) or 'mine' (我的)
//   messages: { 'zh-CN': …, en: … },  // t('<module>.…'): only the words the portal's pages use
// };
const found = import.meta.glob('../modules/*/portal.js', { eager: true });

export const manifests = Object.entries(found)
  .map(([path, m]) => ({ module: path.split('/')[2], ...m.default }))
  .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));

export const collect = (key) => manifests.flatMap((m) => m[key] ?? []).sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
