import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHaven } from '../../test/run-haven.js';

describe('the haven command', () => {
  it('lists its commands in --help', async () => {
    const { code, stdout } = await runHaven(['--help']);
    expect(code).toBe(0);
    for (const command of ['start', 'migrate', 'seed', 'promises', 'config']) {
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('stops with one line naming a bad setting, and exit code 2', async () => {
    const { code, stderr } = await runHaven(['migrate'], { HAVEN_PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'haven: configuration: HAVEN_PORT: must be an integer from 0 to 65535 (got "eighty")',
    );
  });

  it('refuses to start in production without TLS', async () => {
    const { code, stderr } = await runHaven(['start'], { HAVEN_MODE: 'production' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^haven: configuration: HAVEN_TLS_CERT_FILE: production requires TLS/);
  });

  it('gives up on an unreachable database with a clear message and no password', async () => {
    const { code, stderr } = await runHaven(['migrate'], {
      DATABASE_URL: 'postgres://haven:hunter2@127.0.0.1:1/haven',
      HAVEN_DB_CONNECT_TIMEOUT: '1',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^haven: Cannot reach the database at PostgreSQL \(127\.0\.0\.1:1\/haven\): ECONNREFUSED/,
    );
    expect(stderr).not.toContain('hunter2');
  });

  it('reports a corrupt data folder and exits non-zero', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'haven-corrupt-'));
    mkdirSync(path.join(dataDir, 'pglite'));
    writeFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), 'not a version\n');
    writeFileSync(path.join(dataDir, 'pglite', 'global'), Buffer.alloc(4096, 0xab));
    const { code, stderr } = await runHaven(['migrate'], { HAVEN_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/could not be opened as a PGlite database/);
  });

  it('prints the promise coverage table with every promise', async () => {
    const { code, stdout } = await runHaven(['promises']);
    expect(stdout).toMatch(/70 promises: \d+ enforced, \d+ partial, \d+ planned/);
    for (const id of ['DATA-1', 'SEC-1', 'RIGHT-9', 'NOTICE-3']) expect(stdout).toContain(id);
    expect(code).toBe(0);
  });
});
