import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, Client } from './lib.mjs';

describe('platform endpoints', () => {
  it('reports request counts and latency by route pattern', async () => {
    const c = await Client.login('city_admin');
    await c.get('/api/v1/members/1');
    const text = await (await fetch(`${BASE}/metrics`)).text();
    assert.match(text, /niangjia_http_requests_total\{method="GET",route="\/api\/v1\/members\/\{id\}",status="\d+"\} \d+/);
    assert.match(text, /niangjia_http_request_duration_seconds_bucket\{method="POST",route="\/api\/v1\/auth\/login",le="\+Inf"\} \d+/);
    assert.ok(!text.includes('route="/api/v1/members/1"'), 'raw paths are not labels');
  });

  it('describes every route in OpenAPI', async () => {
    const doc = await (await fetch(`${BASE}/api/v1/openapi.json`)).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/v1/members/{id}', '/api/v1/members', '/api/v1/orgs/{id}/move', '/api/v1/auth/login', '/api/v1/audit']) {
      assert.ok(doc.paths[path], path);
    }
    assert.equal(doc.paths['/api/v1/members/{id}/reveal'].post['x-permission'], 'member:reveal');
    assert.equal(doc.paths['/api/v1/members/{id}'].get.parameters[0].name, 'id');
  });
});
