import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import type { HavenDatabase } from '../db/database.js';
import { createLogger } from '../log/logger.js';
import { buildApp } from './build-app.js';
import { openTestDatabase, testDriver, testKeyring } from '../../test/test-database.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'haven-https-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

function getOverTls(
  url: string,
  ca: Buffer,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe.runIf(testDriver() === 'pglite')('HTTPS (SEC-1)', () => {
  it('serves over TLS with the configured certificate, with HSTS in production', async () => {
    const { cert, key } = selfSignedCertificate();
    const config = loadConfig({
      HAVEN_MODE: 'production',
      HAVEN_TLS_CERT_FILE: cert,
      HAVEN_TLS_KEY_FILE: key,
      HAVEN_MASTER_KEYS: `k:${Buffer.alloc(32, 5).toString('base64')}`,
      HAVEN_LOG_LEVEL: 'silent',
    });
    const app = await buildApp({
      config,
      db,
      keyring: testKeyring(db),
      logger: createLogger({ level: 'silent' }),
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await getOverTls(`${url}/healthz`, readFileSync(cert));
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
      expect(res.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
    } finally {
      await app.close();
    }
  });
});
