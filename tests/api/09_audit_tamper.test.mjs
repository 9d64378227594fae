// Runs last: it breaks the audit chain on purpose.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { niangjia, sql } from './lib.mjs';

describe('audit chain', () => {
  it('verifies after the whole suite', () => {
    const r = niangjia('audit', 'verify');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /audit chain intact: \d+ entries verified/);
  });

  it('detects a tampered row and names it', () => {
    sql("UPDATE audit_log SET after = '{\"status\":\"active\"}' WHERE id = 2");
    const r = niangjia('audit', 'verify');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /BROKEN at entry 2/);
  });
});
