import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.js';

describe('loadConfig', () => {
  it('applies documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('development');
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('./.haven');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('names the setting in one line when a value is bad', () => {
    expect(() => loadConfig({ HAVEN_PORT: 'eighty' })).toThrowError(
      new ConfigError('HAVEN_PORT: must be an integer from 0 to 65535 (got "eighty")'),
    );
    expect(() => loadConfig({ HAVEN_MODE: 'prod' })).toThrow(/^HAVEN_MODE: must be one of/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL: must be a URL/);
  });

  it('never echoes the value of a secret setting', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'not a url with hunter2 inside' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^DATABASE_URL:/);
    expect(message).not.toContain('hunter2');
  });

  it('reads a JSON config file, and the environment wins over it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haven-config-'));
    const file = path.join(dir, 'haven.json');
    writeFileSync(file, JSON.stringify({ port: 9090, logLevel: 'warn' }));
    const config = loadConfig({ HAVEN_CONFIG_FILE: file, HAVEN_LOG_LEVEL: 'error' });
    expect(config.port).toBe(9090);
    expect(config.logLevel).toBe('error');
  });

  it('refuses an unknown key or broken JSON in the config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'haven-config-'));
    const unknown = path.join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ HAVEN_CONFIG_FILE: unknown })).toThrow(
      'HAVEN_CONFIG_FILE: unknown setting "prot"',
    );
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "port": ');
    expect(() => loadConfig({ HAVEN_CONFIG_FILE: broken })).toThrow(/is not valid JSON/);
    expect(() => loadConfig({ HAVEN_CONFIG_FILE: path.join(dir, 'missing.json') })).toThrow(
      /cannot read the config file/,
    );
  });
});
