import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { BASE, Client, memberBody } from './lib.mjs';

describe('errors are problem+json in the caller\'s language', () => {
  it('answers Chinese by default and English on request', async () => {
    const c = await Client.login('city_admin');
    const zh = await c.get('/api/v1/members/999999999');
    assert.equal(zh.status, 404);
    assert.match(zh.headers.get('content-type'), /application\/problem\+json/);
    assert.equal(zh.body.code, 'not_found');
    assert.equal(zh.body.title, '记录不存在');
    assert.equal(zh.body.status, 404);
    const en = await c.get('/api/v1/members/999999999', { headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' } });
    assert.equal(en.body.title, 'Not found');
    assert.match(en.body.detail, /no such member/);
  });

  it('answers 404 for ids that are not numbers and routes that do not exist', async () => {
    const c = await Client.login('city_admin');
    assert.equal((await c.get('/api/v1/members/abc')).status, 404);
    assert.equal((await c.get('/api/v1/members/-1')).status, 404);
    assert.equal((await c.get('/api/v1/nothing-here')).status, 404);
  });

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    const c = await Client.login('city_admin');
    const r = await c.request('PATCH', '/api/v1/members');
    assert.equal(r.status, 405);
    assert.match(r.headers.get('allow'), /GET/);
    assert.match(r.headers.get('allow'), /POST/);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const c = await Client.login('city_admin');
    const r = await c.request('POST', '/api/v1/members', { raw: '{"name": "张' });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'malformed_json');
    const arr = await c.request('POST', '/api/v1/members', { raw: '[1,2]' });
    assert.equal(arr.body.code, 'malformed_json');
  });

  it('answers an oversize body with 413 before reading it, and keeps serving', async () => {
    // Raw HTTP: announce 2 MiB and send none of it; the server must answer from the headers.
    const { hostname, port } = new URL(BASE);
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write('POST /api/v1/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
                     `Content-Length: ${2 * 1024 * 1024}\r\n\r\n{"name":"`);
      });
      let data = '';
      socket.on('data', (d) => { data += d; });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.setTimeout(5000, () => { socket.destroy(); reject(new Error('no answer')); });
    });
    assert.match(answer, /^HTTP\/1\.1 413/);
    assert.match(answer, /"code":"payload_too_large"/);
    const health = await fetch(`${BASE}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
  });

  it('answers a request that is not HTTP with 400', async () => {
    const { hostname, port } = new URL(BASE);
    const answer = await new Promise((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => socket.write('HELLO THERE\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => { data += d; });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.equal((await fetch(`${BASE}/healthz`)).status, 200);
  });
});
