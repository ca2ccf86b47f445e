import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('gives each web app page a style nonce of its own in its policy, and other answers none', async () => {
    const webRoot = mkdtempSync(join(tmpdir(), 'haven-web-'));
    writeFileSync(
      join(webRoot, 'index.html'),
      '<meta name="haven-style-nonce" content="__HAVEN_STYLE_NONCE__"><div id="root"></div>',
    );
    const { app } = await buildTestApp(db, { webRoot });
    const nonces: string[] = [];
    for (let page = 0; page < 2; page++) {
      const res = await app.inject({ url: '/records', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      const nonce = /content="([0-9a-f]{32})"/.exec(res.body)?.[1] ?? '';
      const csp = res.headers['content-security-policy'];
      expect(typeof csp).toBe('string'); // one policy, not the shared one and the page's
      expect(csp).toContain(`style-src 'self' 'nonce-${nonce}';`);
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      nonces.push(nonce);
    }
    expect(nonces[0]).toHaveLength(32);
    expect(nonces[1]).not.toBe(nonces[0]);
    for (const url of ['/healthz', '/fhir/R4/metadata']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(String(res.headers['content-security-policy'])).toContain("style-src 'self';");
      expect(String(res.headers['content-security-policy'])).not.toContain('nonce');
    }
    await app.close();
  });
});
