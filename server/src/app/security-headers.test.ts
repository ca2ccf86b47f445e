import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type HavenDatabase } from '../db/database.js';
import { buildTestApp } from '../../test/test-app.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openMemoryDatabase();
});
afterAll(() => db.close());

describe('security headers', () => {
  it('sends a strict CSP, no framing, nosniff, no referrer and no-store on every answer', async () => {
    const { app } = await buildTestApp(db);
    for (const url of ['/healthz', '/no-such-route', '/openapi.json']) {
      const res = await app.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    await app.close();
  });

  it('sets HSTS in production', async () => {
    const production = {
      HAVEN_MODE: 'production',
      HAVEN_TRUSTED_PROXY: '127.0.0.1',
      HAVEN_MASTER_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    };
    const { app } = await buildTestApp(db, { env: production });
    const res = await app.inject({ url: '/healthz' });
    expect(res.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    await app.close();
    const dev = await buildTestApp(db);
    const devRes = await dev.app.inject({ url: '/healthz' });
    expect(devRes.headers['strict-transport-security']).toBeUndefined();
    await dev.app.close();
  });
});
