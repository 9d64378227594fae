// The member portal is an entry of its own (issue 16): nothing it can ever load — its first page
// and every page it may open later — is the console's component library, its charts or a console
// page. Read from the build itself (web/dist), following each chunk's static and lazy imports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../web/dist/', import.meta.url));

// Every asset reachable from `html`: the files it names, then the files each JS chunk imports
// (from"./x.js", import("./x.js")) or lists for a lazy page (Vite's "assets/x.js" dependency map).
function reachable(html) {
  const seen = new Set();
  const queue = [...readFileSync(dist + html, 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(dist + file, 'utf8');
    for (const m of code.matchAll(/(?:from\s*|import\(\s*)"\.\/([^"]+)"|"(assets\/[^"]+)"/g)) queue.push(m[1] ? `assets/${m[1]}` : m[2]);
  }
  return [...seen];
}

describe('the portal bundle', () => {
  it('is built (scripts/build-web.sh ran)', () => {
    assert.ok(existsSync(dist + 'portal.html'), 'web/dist/portal.html');
  });

  it('never loads the console’s library, charts or pages', () => {
    const files = reachable('portal.html');
    assert.ok(files.some((f) => /^assets\/vue-/.test(f)), `the walk found the chunks: ${files.slice(0, 5)}`);
    const console = files.filter((f) => /^assets\/(element-plus|echarts|ConsoleLayout|DashboardPage|MembersPage)-/.test(f));
    assert.deepEqual(console, []);
  });

  it('while the console does load them (the walk sees what it should)', () => {
    const files = reachable('index.html');
    assert.ok(files.some((f) => /^assets\/element-plus-/.test(f)));
    assert.ok(files.some((f) => /^assets\/ConsoleLayout-/.test(f)));
  });
});
