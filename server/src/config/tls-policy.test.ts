import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const KEYS = { HAVEN_MASTER_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

function pemFiles(): { cert: string; key: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'haven-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  writeFileSync(cert, 'cert');
  writeFileSync(key, 'key');
  return { cert, key };
}

describe('TLS policy (SEC-1)', () => {
  it('refuses production without TLS or a trusted proxy', () => {
    expect(() => loadConfig({ HAVEN_MODE: 'production', ...KEYS })).toThrow(
      /^HAVEN_TLS_CERT_FILE: production requires TLS/,
    );
  });

  it('starts production with its own certificate, or behind a named proxy', () => {
    const { cert, key } = pemFiles();
    const own = { HAVEN_MODE: 'production', HAVEN_TLS_CERT_FILE: cert, HAVEN_TLS_KEY_FILE: key };
    expect(loadConfig({ ...own, ...KEYS }).tlsCertFile).toBe(cert);
    const proxied = { HAVEN_MODE: 'production', HAVEN_TRUSTED_PROXY: '10.0.0.0/8' };
    expect(loadConfig({ ...proxied, ...KEYS }).trustedProxy).toBe('10.0.0.0/8');
  });

  it('requires certificate and key together, and both readable', () => {
    const { cert } = pemFiles();
    expect(() => loadConfig({ HAVEN_TLS_CERT_FILE: cert })).toThrow(/^HAVEN_TLS_KEY_FILE:/);
    expect(() =>
      loadConfig({ HAVEN_TLS_CERT_FILE: cert, HAVEN_TLS_KEY_FILE: '/nonexistent/key.pem' }),
    ).toThrow('HAVEN_TLS_KEY_FILE: cannot read /nonexistent/key.pem');
  });

  it('refuses plain HTTP beyond loopback in every mode', () => {
    for (const mode of ['development', 'test']) {
      expect(() => loadConfig({ HAVEN_MODE: mode, HAVEN_HOST: '0.0.0.0' })).toThrow(
        /^HAVEN_HOST: serving plain HTTP on 0\.0\.0\.0/,
      );
      expect(loadConfig({ HAVEN_MODE: mode, HAVEN_HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
      expect(loadConfig({ HAVEN_MODE: mode, HAVEN_HOST: '::1' }).host).toBe('::1');
    }
    const { cert, key } = pemFiles();
    expect(
      loadConfig({ HAVEN_HOST: '0.0.0.0', HAVEN_TLS_CERT_FILE: cert, HAVEN_TLS_KEY_FILE: key })
        .host,
    ).toBe('0.0.0.0');
    expect(loadConfig({ HAVEN_HOST: '0.0.0.0', HAVEN_TRUSTED_PROXY: '10.0.0.5' }).host).toBe(
      '0.0.0.0',
    );
  });

  it('refuses production without master keys and with a plain-http public URL', () => {
    const proxied = { HAVEN_MODE: 'production', HAVEN_TRUSTED_PROXY: '127.0.0.1' };
    expect(() => loadConfig(proxied)).toThrow(/^HAVEN_MASTER_KEYS: production requires/);
    expect(() =>
      loadConfig({ ...proxied, ...KEYS, HAVEN_PUBLIC_URL: 'http://portal.example' }),
    ).toThrow(/^HAVEN_PUBLIC_URL: must be an https/);
  });
});
