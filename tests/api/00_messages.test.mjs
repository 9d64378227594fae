// The web app's messages (issue 14): the shared words under `common`, each module's under its
// own name; a namespace or a code of a shared group (menu, permission, entity, action, appKind)
// defined twice is an error; every key the pages name exists in Chinese and in English. Runs
// without a server: it reads web/src as the apps do (i18n/merge.js). The console and the member
// portal (issue 16) are apps of their own: the console's pages are checked against the modules'
// messages.*.js, the portal's (portal/, Portal*.vue, portal.js) against their portal.messages.*.js.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../../web/src/', import.meta.url));
const { mergeMessages, SHARED_GROUPS } = await import(join(web, 'i18n/merge.js'));
const LANGS = ['zh-CN', 'en'];

// The portal's files: its shell (portal/) and the modules' Portal*.vue pages and portal.js.
const inPortal = (file) => /^portal\//.test(relative(web, file)) || /^(Portal[A-Z]\w*\.vue|portal\.js)$/.test(file.split('/').pop());

// `prefix`: '' for the console's messages, 'portal.' for the portal's.
async function load(prefix = '') {
  const base = {};
  for (const lang of LANGS) base[lang] = (await import(join(web, `i18n/${lang}.js`))).default;
  const manifests = [];
  for (const module of readdirSync(join(web, 'modules')).sort()) {
    if (!statSync(join(web, 'modules', module)).isDirectory()) continue;
    const messages = {};
    for (const lang of LANGS) {
      try {
        messages[lang] = (await import(join(web, 'modules', module, `${prefix}messages.${lang}.js`))).default;
      } catch (e) {
        if (e.code !== 'ERR_MODULE_NOT_FOUND') throw e;
      }
    }
    manifests.push({ module, messages });
  }
  return { base, manifests };
}

function sources(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(vue|js)$/.test(e.name) && !/^(portal\.)?messages\.|^(zh-CN|en)\.js$/.test(e.name)) out.push(p);
  }
  return out;
}

const node = (messages, key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), messages);
const leaves = (o, prefix = '') => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('web messages: one namespace per module, nothing defined twice', () => {
  for (const [app, prefix] of [['console', ''], ['portal', 'portal.']]) it(`${app}: merges every module under its own name with no key defined twice`, async () => {
    const { base, manifests } = await load(prefix);
    for (const lang of LANGS) assert.deepEqual(Object.keys(base[lang]), ['common'], `${lang}: only common is shared`);
    const { messages, problems } = mergeMessages(base, manifests);
    assert.deepEqual(problems, []);
    for (const m of manifests.filter((x) => x.messages['zh-CN'])) assert.ok(messages.en[m.module], `${m.module} has English`);
    for (const lang of LANGS) {
      const other = LANGS.find((l) => l !== lang);
      const missing = leaves(messages[lang]).filter((k) => node(messages[other], k) === undefined);
      assert.deepEqual(missing, [], `keys of ${lang} missing in ${other}`);
    }
  });

  it('refuses a namespace or a shared code defined twice', () => {
    const base = { 'zh-CN': { common: { action: { create: '新增' } } } };
    const twice = mergeMessages(base, [
      { module: 'a', messages: { 'zh-CN': { permission: { 'x:read': '甲' } } } },
      { module: 'b', messages: { 'zh-CN': { permission: { 'x:read': '乙' }, action: { create: '建' } } } },
      { module: 'common', messages: { 'zh-CN': {} } },
    ]);
    assert.equal(twice.problems.length, 3, twice.problems.join('\n'));
    assert.match(twice.problems.join('\n'), /permission\.x:read is defined by a and b/);
    assert.match(twice.problems.join('\n'), /action\.create is defined by common and b/);
    assert.match(twice.problems.join('\n'), /namespace common is defined twice/);
    assert.ok(SHARED_GROUPS.includes('entity'));
  });

  for (const [app, prefix] of [['console', ''], ['portal', 'portal.']]) it(`${app}: finds every key the pages and manifests name, in both languages`, async () => {
    const { base, manifests } = await load(prefix);
    const { messages } = mergeMessages(base, manifests);
    const missing = [];
    for (const file of sources(web).filter((f) => inPortal(f) === (app === 'portal'))) {
      const text = readFileSync(file, 'utf8');
      const where = relative(web, file);
      const keys = [
        ...[...text.matchAll(/\b(?:\$t|t|te)\(\s*'([A-Za-z_][\w.:-]*)'/g)].map((m) => [m[1], 'leaf']),
        ...[...text.matchAll(/\btitle: '([A-Za-z_]\w*\.[\w.]*)'/g)].map((m) => [m[1], 'leaf']),
        ...[...text.matchAll(/\b(?:\$t|t|te)\(\s*`([A-Za-z_][\w.]*)\.\$\{/g)].map((m) => [m[1], 'group']),
        ...[...text.matchAll(/\blabel\('([A-Za-z_][\w.]*)'/g)].map((m) => [m[1], 'group']),
        ...[...text.matchAll(/\bgroup="([A-Za-z_][\w.]*)"/g)].map((m) => [m[1], 'group']),
      ];
      // Any other text naming a namespace (a key kept in a table: { key: 'member.idOk' }).
      const spaces = Object.keys(messages['zh-CN']).join('|');
      const named = new RegExp(`'((?:${spaces})\\.[\\w.:]+)'`, 'g');
      for (const m of text.matchAll(named)) if (!keys.some(([k]) => k === m[1])) keys.push([m[1], 'any']);
      for (const [key, kind] of keys) {
        if (kind === 'group' && SHARED_GROUPS.includes(key)) continue;
        for (const lang of LANGS) {
          const v = node(messages[lang], key);
          const found = { leaf: typeof v === 'string', group: v && typeof v === 'object', any: v !== undefined }[kind];
          if (!found) missing.push(`${where}: ${lang} ${key}`);
        }
      }
    }
    assert.deepEqual([...new Set(missing)], []);
  });
});
