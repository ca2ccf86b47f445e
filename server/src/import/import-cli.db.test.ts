// `haven import` end to end, as an operator runs it: a child process, its exit code and its
// summary line, on the driver under test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrator.js';
import { createPractice } from '../tenancy/practices.js';
import { runHaven } from '../../test/run-haven.js';
import { createEmptyDatabase, testDriver } from '../../test/test-database.js';
import { scratchFolder, SMALL_A, SYNTHEA_PRESENT, syntheaBundle } from './import-fixtures.js';

const KEYS = { HAVEN_MASTER_KEYS: `test:${Buffer.alloc(32, 9).toString('base64')}` };

/** A migrated database with one practice, and the environment that points `haven` at it. */
async function preparedHaven(): Promise<{
  env: Record<string, string>;
  done: () => Promise<void>;
}> {
  if (testDriver() === 'pglite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'haven-import-cli-'));
    const db = await openDatabase({ databaseUrl: undefined, dataDir, poolSize: 1 });
    await migrate(db);
    await createPractice(db, { slug: 'clinic', name: 'Clinic' });
    await db.close();
    return { env: { ...KEYS, HAVEN_DATA_DIR: dataDir }, done: async () => {} };
  }
  const empty = await createEmptyDatabase();
  await migrate(empty.db);
  await createPractice(empty.db, { slug: 'clinic', name: 'Clinic' });
  return { env: { ...KEYS, DATABASE_URL: empty.url ?? '' }, done: () => empty.drop() };
}

describe.skipIf(!SYNTHEA_PRESENT)('haven import (command line)', () => {
  it('imports a folder, reports the bad file by name and exits 1 with a summary line', async () => {
    const haven = await preparedHaven();
    try {
      const folder = scratchFolder({ [SMALL_A]: syntheaBundle(SMALL_A), 'notes.json': 'not json' });
      const run = await runHaven(['import', folder], haven.env, 120_000);
      expect(run.stderr).toContain('failed: notes.json\n  not valid JSON');
      expect(run.stdout).toMatch(
        /^Imported into clinic: 2 files \(1 bundles, 0 NDJSON lines\), \d{3} resources created, 0 unchanged, 1 files failed/m,
      );
      expect(run.code).toBe(1);
      const again = await runHaven(
        ['import', '--practice', 'clinic', path.join(folder, SMALL_A)],
        haven.env,
        120_000,
      );
      expect(again.stdout).toMatch(
        /1 bundles, 0 NDJSON lines\), 0 resources created, \d{3} unchanged, 0 files failed/,
      );
      expect(again.code).toBe(0);
      const unknown = await runHaven(['import', '--practice', 'nope', folder], haven.env);
      expect(unknown.stderr).toContain('No practice has the slug "nope". Practices: clinic.');
      expect(unknown.code).toBe(1);
    } finally {
      await haven.done();
    }
  }, 300_000);
});
