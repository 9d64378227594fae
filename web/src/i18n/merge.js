// The messages of every language: the shared words (`common`) and, under each module's name,
// the words its manifest declares (t('hardship.grant.detail')). Plain JS without Vite, so that a
// node test (tests/api/00_messages.test.mjs) runs the same checks as the app.

// Groups that several modules fill with codes looked up by code (the audit log's entities and
// actions, the roles' permissions, the applications' kinds, the menu): a code may be defined by
// one namespace only.
export const SHARED_GROUPS = ['menu', 'permission', 'entity', 'action', 'appKind'];

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
// defines it; null when none does.
export function sharedKeyIn(messages, group, code) {
  for (const [ns, words] of Object.entries(messages)) {
    if (words?.[group] && Object.hasOwn(words[group], code)) return `${ns}.${group}.${code}`;
  }
  return null;
}
