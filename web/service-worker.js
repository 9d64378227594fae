// The member portal's service worker, made at build time: web/src/portal/sw.js with the list of
// the portal's files above it, written to dist/m/sw.js (scope /m/: see the worker's header).
//
// The list is the portal's part of the bundle: portal.html, its entry chunk and what it imports,
// the portal's pages it loads later (web/src/portal/… and modules' Portal*.vue) and what they
// import, their stylesheets and assets, and the files of public/ that portal.html and the
// manifest name. Never a chunk of the console's libraries (Element Plus, ECharts) nor a console
// page: the build warns when the portal reaches one (the portal must never load them; a page not
// yet moved to Vant still does), and the worker does not keep it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEMBER_CACHE, MEMBER_PATHS, SHELL_CACHE_PREFIX } from './src/portal/offlineCache.js';

const WORKER = new URL('./src/portal/sw.js', import.meta.url);
// Files of public/ that the portal uses (portal.html's links and the manifest's icons).
const PUBLIC = ['/favicon.svg', '/m/manifest.webmanifest', '/icons/portal-192.png', '/icons/portal-512.png', '/icons/portal-maskable-512.png'];
const CONSOLE_ONLY = /^assets\/(element-plus|echarts)-/;
const PORTAL_PAGE = /[\\/]src[\\/](portal[\\/]|modules[\\/][^\\/]+[\\/]Portal[^\\/]*\.vue$)/;

// The file names (from dist/) of the chunk `entry` and all it reaches short of the console's
// libraries and pages, and where it reaches those.
function reached(bundle, entry) {
  const files = new Set();
  const leaks = new Map();
  const leak = (from, to) => leaks.set(from, [...(leaks.get(from) ?? []), to]);
  const walk = (name) => {
    const chunk = bundle[name];
    if (!chunk || files.has(name)) return;
    files.add(name);
    if (chunk.type !== 'chunk') return;
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    for (const asset of chunk.viteMetadata?.importedAssets ?? []) files.add(asset);
    for (const next of chunk.imports) {
      if (CONSOLE_ONLY.test(next)) leak(name, next);
      else walk(next);
    }
    for (const next of chunk.dynamicImports) {
      if (PORTAL_PAGE.test(bundle[next]?.facadeModuleId ?? '')) walk(next);
      else leak(name, next);
    }
  };
  walk(entry);
  return { files, leaks };
}

export default function portalServiceWorker() {
  let publicDir = '';
  return {
    name: 'niangjia-portal-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith('/portal.html'));
        if (!entry || !bundle['portal.html']) this.error('the portal entry (portal.html) is not in the bundle');
        const { files: found, leaks } = reached(bundle, entry.fileName);
        for (const [from, to] of leaks) {
          const some = to.slice(0, 3).join(', ') + (to.length > 3 ? ` and ${to.length - 3} more` : '');
          this.warn(`the portal's ${from} reaches the console's ${some}: not kept by the service worker`);
        }
        const files = [...found].sort();
        const shell = ['/portal.html', ...files.map((f) => `/${f}`), ...PUBLIC];
        // The version changes with any file of the shell: hashed names carry their content, the
        // others are hashed here, and so is the worker's own text.
        const hash = createHash('sha256').update(shell.join('\n'));
        hash.update(bundle['portal.html'].source);
        for (const file of PUBLIC) hash.update(readFileSync(join(publicDir, file)));
        const worker = readFileSync(WORKER, 'utf8');
        hash.update(worker);
        const build = {
          version: hash.digest('hex').slice(0, 16),
          shell,
          shellPrefix: SHELL_CACHE_PREFIX,
          memberCache: MEMBER_CACHE,
          memberPaths: MEMBER_PATHS,
        };
        this.emitFile({ type: 'asset', fileName: 'm/sw.js', source: `const BUILD = ${JSON.stringify(build, null, 1)};\n\n${worker}` });
      },
    },
  };
}
