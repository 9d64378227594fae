// Draws the member portal's home-screen icons (web/public/icons/*.png, committed) from the same
// artwork as web/public/favicon.svg: 「娘」 in gold on the union's red. Run it again after changing
// the artwork: `node scripts/portal-icons.mjs`. Debian's Chromium renders the SVG (the browser
// tests' playwright-core and the machine's Noto Sans CJK), so the build itself needs no browser.
//   portal-192.png, portal-512.png   purpose "any": a rounded square, as the favicon
//   portal-maskable-512.png          purpose "maskable": red to the edges, the glyph inside the
//                                    centre circle of 80 % that every launcher's mask keeps
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/browser/lib.mjs';

const out = fileURLToPath(new URL('../web/public/icons/', import.meta.url));
const RED = '#c8161d';
const GOLD = '#ffd86b';
const FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', sans-serif";

// The artwork on a 100×100 canvas: `radius` rounds the square, `glyph` is the character's size.
const svg = ({ radius, glyph }) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100%" height="100%">
  <rect width="100" height="100" rx="${radius}" fill="${RED}"/>
  <text x="50" y="50" dy="0.35em" font-size="${glyph}" text-anchor="middle" fill="${GOLD}" font-family="${FONT}" font-weight="700">娘</text>
</svg>`;

const ICONS = [
  { file: 'portal-192.png', size: 192, art: { radius: 19, glyph: 60 } },
  { file: 'portal-512.png', size: 512, art: { radius: 19, glyph: 60 } },
  { file: 'portal-maskable-512.png', size: 512, art: { radius: 0, glyph: 44 } },
];

mkdirSync(out, { recursive: true });
const browser = await launch();
for (const { file, size, art } of ICONS) {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg(art)}</body></html>`);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: out + file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  await page.close();
  console.log(`web/public/icons/${file} (${size}×${size})`);
}
await browser.close();
