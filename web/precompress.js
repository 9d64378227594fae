// Writes a Brotli (.br) and a gzip (.gz) copy beside every compressible file of the build, so that
// `niangjia serve` answers a phone on a slow link with the smallest file its browser accepts
// without compressing anything per request (src/http/static_files.cpp picks the copy).
//
// Node's built-in zlib rather than a plugin from npm: none is installed in web/node_modules, the
// step is a few lines, and it adds no package to audit or keep up to date.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|map|txt)$/;
// Below this a compressed copy saves less than a packet; the server serves the plain file then.
const MIN_BYTES = 256;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

export function precompress(dir) {
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.test(path) || statSync(path).size < MIN_BYTES) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
    // A copy no smaller than the file is useless: the server falls back to the plain file.
    if (br.length < data.length) writeFileSync(`${path}.br`, br);
    if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
  }
}

// The Vite plugin: runs once the build (public/ files included) is written.
export default function precompressPlugin() {
  let outDir = 'dist';
  return {
    name: 'niangjia-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      precompress(outDir);
    },
  };
}
