// The messages of every language: the shared words (`common`) and, under each module's name,
// the words its manifest declares (t('hardship.grant.detail')). Plain JS without Vite, so that a
// node test (tests/api/00_messages.test.mjs) runs the same checks as the app.

// Groups that several modules fill with codes looked up by code (the audit log's entities and
// actions, the roles' permissions, the applications' kinds, the menu): a code may be defined by
// one namespace only.
export const SHARED_GROUPS = ['menu', 'permission', 'entity', 'action', 'appKind', 'fieldName'];

// Merges `base` ({ lang: { common: … } }) and the manifests' messages ([{ module, messages:
// { lang: {…} } }]) into { lang: { common, <module>: … } }; `problems` lists every key defined
// twice: a namespace two sources define, or a code of a shared group in two namespaces.
export function mergeMessages(base, manifests) {
  const messages = {};
  const problems = [];
  for (const [lang, words] of Object.entries(base)) messages[lang] = { ...words };
  for (const m of manifests) {
    for (const [lang, words] of Object.entries(m.messages ?? {})) {
      messages[lang] ??= {};
      if (m.module in messages[lang]) problems.push(`${lang}: the namespace ${m.module} is defined twice`);
      else messages[lang][m.module] = words;
    }
  }
  for (const [lang, namespaces] of Object.entries(messages)) {
    for (const group of SHARED_GROUPS) {
      const owner = {};
      for (const [ns, words] of Object.entries(namespaces)) {
        for (const code of Object.keys(words?.[group] ?? {})) {
          if (code in owner) problems.push(`${lang}: ${group}.${code} is defined by ${owner[code]} and ${ns}`);
          else owner[code] = ns;
        }
      }
    }
  }
  return { messages, problems };
}

// The key of `code` in shared group `group` (`auth.permission.user:admin`), whichever namespace
// defines it; null when none does. A dotted code (the audit's `transfer.request`) is a word in a
// nested group (action: { transfer: { request: … } }), as vue-i18n reads keys.
export function sharedKeyIn(messages, group, code) {
  if (typeof code !== 'string' || !code) return null;
  const word = (o) => code.split('.').reduce((x, k) => (x && typeof x === 'object' && Object.hasOwn(x, k) ? x[k] : undefined), o);
  for (const [ns, words] of Object.entries(messages)) {
    if (words?.[group] && typeof word(words[group]) === 'string') return `${ns}.${group}.${code}`;
  }
  return null;
}

// Every code of shared group `group` in any namespace, dotted for a nested one
// (['create', …, 'transfer.request']): the choices of a filter over those codes.
export function sharedCodesIn(messages, group) {
  const codes = [];
  const walk = (o, prefix) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string') codes.push(prefix + k);
      else if (v && typeof v === 'object') walk(v, `${prefix}${k}.`);
    }
  };
  for (const words of Object.values(messages)) if (words?.[group]) walk(words[group], '');
  return codes;
}
