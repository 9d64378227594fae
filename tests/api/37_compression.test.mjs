// Compression on a slow link (issue 16, Speed): static files precompressed at build and served by
// Accept-Encoding (Brotli, gzip, or plain), ETag and 304, immutable hashed assets and a no-cache
// index.html; JSON answers of 1 KB or more gzip'd when asked, downloads never. Node's fetch
// decompresses transparently, so these requests go through node:http to see the raw answer.
// The API suite's server serves no web app: the static files are tried on a second server over a
// small build precompressed by the build's own step (web/precompress.js).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { BASE, Client } from './lib.mjs';
import { precompress } from '../../web/precompress.js';

function rawAt(path, headers = {}, base = BASE) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method: 'GET', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  const asset = '/assets/index-Ab12Cd34.js'; // a hashed script, as Vite names them
  let server, base, dir;
  const raw = (path, headers = {}) => rawAt(path, headers, base);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nj-compression-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>娘家</title>${
        '<link rel="modulepreload" href="/assets/chunk.js">'.repeat(20)}<script type="module" src="${asset}"></script></head></html>`);
    writeFileSync(join(dir, asset), 'export const words = ['.concat(
      Array.from({ length: 2000 }, (_, i) => `'会员${i}'`).join(', '), '];\n'));
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>'); // too small to be worth a copy
    precompress(dir);
    const port = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    });
    server = spawn(process.env.NJ_BIN, ['--db', process.env.NJ_DB, '--key-file', process.env.NJ_KEY_FILE,
      '--log-level', 'warn', '--files-dir', join(dir, 'files'), 'serve', '--port', String(port),
      '--static-dir', dir], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      try { if ((await fetch(`${base}/healthz`)).ok) return; } catch {}
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the second server did not start');
  });
  after(() => {
    server?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the build write a .br and a .gz beside each compressible file worth it', async () => {
    for (const f of ['index.html', asset.slice(1)]) {
      assert.ok(existsSync(join(dir, `${f}.br`)), f);
      assert.ok(existsSync(join(dir, `${f}.gz`)), f);
    }
    assert.ok(!existsSync(join(dir, 'favicon.svg.br')));
    const plain = await raw('/favicon.svg', { 'accept-encoding': 'br, gzip' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body.toString(), '<svg/>');
  });

  it('sends index.html and the app routes with no-cache, compressed when asked', async () => {
    for (const path of ['/', '/index.html', '/portal/login']) {
      const plain = await raw(path);
      assert.equal(plain.status, 200, path);
      assert.equal(plain.headers['cache-control'], 'no-cache', path);
      assert.equal(plain.headers['content-encoding'], undefined, path);
      assert.match(plain.headers['content-type'], /^text\/html/, path);
      assert.match(plain.headers.vary, /Accept-Encoding/i, path);
      const gz = await raw(path, { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip', path);
      assert.equal(gz.headers['cache-control'], 'no-cache', path);
      assert.deepEqual(gunzipSync(gz.body), plain.body, path);
    }
  });

  it('sends a hashed asset as Brotli, gzip or plain by Accept-Encoding, immutable', async () => {
    const plain = await raw(asset);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(plain.headers['content-type'], /^text\/javascript/);

    const br = await raw(asset, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(br.headers['content-type'], /^text\/javascript/);
    assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(br.headers.vary, /Accept-Encoding/i);
    assert.ok(br.body.length < plain.body.length / 2, `${br.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(brotliDecompressSync(br.body), plain.body);

    const gz = await raw(asset, { 'accept-encoding': 'br;q=0, gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), plain.body);

    for (const accept of ['identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const none = await raw(asset, { 'accept-encoding': accept });
      assert.equal(none.headers['content-encoding'], undefined, accept);
      assert.deepEqual(none.body, plain.body, accept);
    }
  });

  it('answers 304 to If-None-Match naming the tag of the representation', async () => {
    const br = await raw(asset, { 'accept-encoding': 'br' });
    const tag = br.headers.etag;
    assert.match(tag, /^"[^"]+"$/);
    const again = await raw(asset, { 'accept-encoding': 'br', 'if-none-match': tag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, tag);
    assert.equal(again.headers['cache-control'], 'public, max-age=31536000, immutable');
    // The plain file is another representation: its tag differs and the br tag does not match it.
    const plain = await raw(asset, { 'if-none-match': tag });
    assert.equal(plain.status, 200);
    assert.notEqual(plain.headers.etag, tag);
    assert.equal((await raw(asset, { 'if-none-match': '"stale"' })).status, 200);

    const index = await raw('/', { 'accept-encoding': 'gzip' });
    const cached = await raw('/members', { 'accept-encoding': 'gzip', 'if-none-match': index.headers.etag });
    assert.equal(cached.status, 304);
    assert.equal(cached.headers['cache-control'], 'no-cache');
  });

  it('answers 404 for a missing asset whatever the encoding', async () => {
    const r = await raw('/assets/gone-00000000.js', { 'accept-encoding': 'br, gzip' });
    assert.equal(r.status, 404);
  });
});

describe('JSON answers', () => {
  let admin;
  const raw = (path, headers = {}) => rawAt(path, headers);

  before(async () => {
    admin = await Client.login('yiwu_admin');
  });

  it('gzips a large answer when the client accepts gzip, and only then', async () => {
    const plain = await raw('/api/v1/openapi.json');
    assert.equal(plain.status, 200);
    assert.ok(plain.body.length > 1024);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.headers.vary, /Accept-Encoding/i);
    JSON.parse(plain.body.toString());

    const gz = await raw('/api/v1/openapi.json', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(gz.headers['content-type'], /^application\/json/);
    assert.ok(gz.body.length < plain.body.length / 3);
    assert.deepEqual(gunzipSync(gz.body), plain.body);

    for (const accept of ['gzip;q=0', 'br', 'identity']) {
      const none = await raw('/api/v1/openapi.json', { 'accept-encoding': accept });
      assert.equal(none.headers['content-encoding'], undefined, accept);
    }
  });

  it('gzips a signed-in list page and leaves a small answer alone', async () => {
    const headers = { cookie: admin.cookie, 'accept-encoding': 'gzip' };
    const list = await raw('/api/v1/members?limit=50', headers);
    assert.equal(list.status, 200);
    assert.equal(list.headers['content-encoding'], 'gzip');
    assert.ok(JSON.parse(gunzipSync(list.body)).items.length > 0);

    const small = await raw('/healthz', { 'accept-encoding': 'gzip' });
    assert.equal(small.headers['content-encoding'], undefined);
    assert.deepEqual(JSON.parse(small.body), { status: 'ok' });
  });

  it('never compresses a download (an export, a template)', async () => {
    const started = await admin.post('/api/v1/exports', { list: 'members' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    let job;
    for (let i = 0; i < 200; i++) {
      job = await admin.get(`/api/v1/jobs/${started.body.id}`);
      if (job.body.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(job.body.state, 'done', JSON.stringify(job.body));
    const file = await raw(`/api/v1/jobs/${started.body.id}/file`, { cookie: admin.cookie, 'accept-encoding': 'gzip, br' });
    assert.equal(file.status, 200);
    assert.match(file.headers['content-disposition'], /^attachment/);
    assert.equal(file.headers['content-encoding'], undefined);
    assert.equal(file.body.subarray(0, 2).toString(), 'PK'); // the .xlsx itself

    const template = await raw('/api/v1/imports/templates/members?format=csv', {
      cookie: admin.cookie,
      'accept-encoding': 'gzip',
    });
    assert.equal(template.status, 200);
    assert.equal(template.headers['content-encoding'], undefined);
  });
});
