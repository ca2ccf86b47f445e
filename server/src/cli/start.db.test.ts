import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { readMigrations } from '../db/migrator.js';
import { runHaven, startHavenProcess } from '../../test/run-haven.js';
import { createEmptyDatabase, testDriver } from '../../test/test-database.js';

const KEYS = { HAVEN_MASTER_KEYS: `test:${Buffer.alloc(32, 9).toString('base64')}` };

describe.runIf(testDriver() === 'pglite')('haven start on PGlite', () => {
  it('first start seeds the demo practice and serves; a second process on the folder is refused', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'haven-start-'));
    const env = { HAVEN_DATA_DIR: dataDir, HAVEN_PORT: '0' };
    const haven = await startHavenProcess(['--seed-demo'], env);
    try {
      expect(haven.output()).toContain('Demo sign-ins');
      expect(haven.output()).toContain('clinician@demo.haven.test');
      const ready = await fetch(`${haven.url}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready' });
      // A demo clinician signs in with password and the TOTP code `haven demo totp` shows,
      // fetched while the server holds the PGlite folder.
      const totp = await runHaven(['demo', 'totp', 'clinician@demo.haven.test'], {
        HAVEN_DATA_DIR: dataDir,
      });
      const code = /^(\d{6}) {2}\(valid for \d+ more seconds\)$/m.exec(totp.stdout)?.[1];
      expect(code).toBeDefined();
      const first = await fetch(`${haven.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'clinician@demo.haven.test', password: 'haven-demo-staff' }),
      });
      const firstBody = (await first.json()) as { stage: string; csrfToken: string };
      expect(firstBody.stage).toBe('mfa');
      const cookie = (first.headers.get('set-cookie') ?? '')
        .split(',')
        .map((c) => c.split(';')[0])
        .join('; ');
      const second2 = await fetch(`${haven.url}/api/auth/second-factor`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie,
          'x-csrf-token': firstBody.csrfToken,
        },
        body: JSON.stringify({ method: 'totp', code }),
      });
      expect(second2.status).toBe(200);
      const second = await runHaven(['migrate'], { HAVEN_DATA_DIR: dataDir });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/Another Haven process \(pid \d+\) is using the data folder/);
    } finally {
      expect(await haven.stop()).toBe(0);
    }
    const again = await runHaven(['seed', '--demo'], { HAVEN_DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('exists already');
    const refused = await runHaven(['demo', 'totp', 'someone@example.org'], {
      HAVEN_DATA_DIR: dataDir,
    });
    expect(refused.code).toBe(2);
  }, 180_000);
});

describe.runIf(testDriver() === 'postgres')('haven start on PostgreSQL', () => {
  it('two processes starting together on one database both serve, with each migration applied once', async () => {
    const empty = await createEmptyDatabase();
    try {
      const env = { DATABASE_URL: empty.url ?? '', HAVEN_PORT: '0', ...KEYS };
      const [a, b] = await Promise.all([startHavenProcess([], env), startHavenProcess([], env)]);
      try {
        for (const haven of [a, b]) {
          expect(await (await fetch(`${haven.url}/readyz`)).json()).toEqual({ status: 'ready' });
        }
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
      const db = await openDatabase({ databaseUrl: empty.url, dataDir: '', poolSize: 1 });
      const ledger = await db.unsafeKysely.selectFrom('haven_migration').select('name').execute();
      await db.close();
      expect(ledger.map((r) => r.name).sort()).toEqual(readMigrations().map((m) => m.name));
    } finally {
      await empty.drop();
    }
  }, 180_000);
});
