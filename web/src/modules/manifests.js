// Every module's manifest (modules/<module>/module.js), in menu order: a new module adds its
// own module.js and edits neither the router, the console layout nor the i18n setup.
const found = import.meta.glob('./*/module.js', { eager: true });

export const manifests = Object.entries(found)
  .map(([path, m]) => ({ module: path.split('/')[1], ...m.default }))
  .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));

export const collect = (key) => manifests.flatMap((m) => m[key] ?? []);
