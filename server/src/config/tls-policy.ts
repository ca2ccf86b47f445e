import { accessSync, constants } from 'node:fs';
import type { HavenConfig } from './settings.js';
import { ConfigError } from './config-error.js';

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** True when Haven serves HTTPS itself (both certificate and key are configured). */
export function servesTls(config: HavenConfig): boolean {
  return Boolean(config.tlsCertFile && config.tlsKeyFile);
}

/**
 * Health data never crosses a network in clear (SEC-1). In production Haven refuses to start
 * unless it terminates TLS itself, or an operator has named the TLS-terminating proxy in front
 * of it explicitly; a forgotten setting must stop the start, not silently serve plain HTTP.
 */
export function checkTlsPolicy(config: HavenConfig): void {
  if (Boolean(config.tlsCertFile) !== Boolean(config.tlsKeyFile)) {
    const missing = config.tlsCertFile ? 'HAVEN_TLS_KEY_FILE' : 'HAVEN_TLS_CERT_FILE';
    throw new ConfigError(`${missing}: must be set together with its pair to serve HTTPS`);
  }
  for (const [env, path] of [
    ['HAVEN_TLS_CERT_FILE', config.tlsCertFile],
    ['HAVEN_TLS_KEY_FILE', config.tlsKeyFile],
  ] as const) {
    if (!path) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new ConfigError(`${env}: cannot read ${path}`);
    }
  }
  // Plain HTTP only on this machine's loopback, in every mode: beyond it, TLS or a named proxy.
  if (!servesTls(config) && !config.trustedProxy && !isLoopback(config.host)) {
    throw new ConfigError(
      `HAVEN_HOST: serving plain HTTP on ${config.host} would expose health data to the network; set HAVEN_TLS_CERT_FILE and HAVEN_TLS_KEY_FILE, or HAVEN_TRUSTED_PROXY, or listen on 127.0.0.1`,
    );
  }
  if (config.mode !== 'production') return;
  if (!servesTls(config) && !config.trustedProxy) {
    throw new ConfigError(
      'HAVEN_TLS_CERT_FILE: production requires TLS: set HAVEN_TLS_CERT_FILE and HAVEN_TLS_KEY_FILE, or HAVEN_TRUSTED_PROXY for a TLS-terminating proxy',
    );
  }
  if (config.publicUrl && !config.publicUrl.startsWith('https:')) {
    throw new ConfigError('HAVEN_PUBLIC_URL: must be an https:// address in production');
  }
  if (!config.masterKeys && !config.masterKeyFile) {
    throw new ConfigError(
      'HAVEN_MASTER_KEYS: production requires master keys (or HAVEN_MASTER_KEY_FILE); they are never generated in production',
    );
  }
}
