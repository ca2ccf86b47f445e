import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerAudit } from '../cli/commands/audit.js';
import { openDatabase, type HavenDatabase } from '../db/database.js';
import { migrate } from '../db/migrator.js';
import { createEmptyDatabase, createTestTenant, testDriver } from '../../test/test-database.js';
import { asOwner, auditEntry } from './audit-test-helpers.js';
import { AuditWriter } from './audit-writer.js';

const MASTER_KEYS = `test-1:${Buffer.alloc(32, 0x5a).toString('base64')}`;

/** A database the CLI can open by itself, with the settings that point at it. */
async function cliDatabase(): Promise<{
  db: HavenDatabase;
  env: Record<string, string>;
  done(): Promise<void>;
}> {
  if (testDriver() === 'postgres') {
    const fresh = await createEmptyDatabase();
    return { db: fresh.db, env: { DATABASE_URL: fresh.url! }, done: () => fresh.drop() };
  }
  // PGlite is one process's: the test writes, closes, then the command opens the folder.
  const dir = mkdtempSync(path.join(tmpdir(), 'haven-audit-cli-'));
  const db = await openDatabase({ dataDir: dir, poolSize: 1 });
  const done = () => Promise.resolve(rmSync(dir, { recursive: true }));
  return { db, env: { HAVEN_DATA_DIR: dir }, done };
}

/** Runs `haven audit verify` in this process; returns its output and exit code. */
async function runVerify(env: Record<string, string>): Promise<{ out: string; code: number }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  const saved = { ...process.env };
  Object.assign(process.env, { HAVEN_MASTER_KEYS: MASTER_KEYS, HAVEN_LOG_LEVEL: 'warn', ...env });
  process.exitCode = 0;
  try {
    const program = new Command().exitOverride();
    registerAudit(program);
    await program.parseAsync(['node', 'haven', 'audit', 'verify']);
    return { out: lines.join('\n'), code: Number(process.exitCode ?? 0) };
  } finally {
    process.env = saved;
    process.exitCode = 0;
    log.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('haven audit verify', () => {
  it('exits 0 on an intact log and 1 naming the first problem on a tampered one', async () => {
    const target = await cliDatabase();
    try {
      await migrate(target.db);
      const tenant = await createTestTenant(target.db);
      await new AuditWriter(target.db, { chainId: 2 }).append(
        Array.from({ length: 12 }, () => auditEntry(tenant.id)),
      );
      const reopen = async () => {
        if (testDriver() === 'pglite') await target.db.close();
        return runVerify(target.env);
      };
      const intact = await reopen();
      expect(intact.out).toMatch(
        /^Verified 12 entries in 1 chain\(s\) in [\d.]+ s \([\d,]+ entries\/s\)\./,
      );
      expect(intact.out).toContain('The audit log is intact.');
      expect(intact.code).toBe(0);

      if (testDriver() === 'pglite') {
        target.db = await openDatabase({ dataDir: target.env.HAVEN_DATA_DIR!, poolSize: 1 });
      }
      await asOwner(
        target.db,
        sql`update audit_entry set action = 'export' where tenant_id = ${tenant.id} and seq = 4`,
      );
      const tampered = await reopen();
      expect(tampered.out).toContain(
        `changed at tenant ${tenant.id}, chain 2, seq 4: entry 4 was changed after it was written`,
      );
      expect(tampered.code).toBe(1);
    } finally {
      await target.done();
    }
  });
});
