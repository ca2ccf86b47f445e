import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { validateAuditEntry, type AuditEntryInput } from '../server/src/audit/index.js';
import { appendToChain } from '../server/src/audit/audit-chain.js';
import { openDatabase, type HavenDatabase } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrator.js';
import { tenantTransaction } from '../server/src/db/transactions.js';
import { createPractice } from '../server/src/tenancy/practices.js';

const ADMIN = 'postgres://root@127.0.0.1:5432/postgres';
function entry(tenantId: string): AuditEntryInput {
  return { tenantId, patientId: randomUUID(), actorUserId: randomUUID(), action: 'read',
    dataCategory: 'Observation', outcome: 'allowed', reasonCode: 'care_team', purposeOfUse: 'TREAT',
    sourceAddress: '203.0.113.7', requestId: `req-${randomBytes(8).toString('hex')}`,
    resourceType: 'Observation', resourceId: randomUUID() };
}
async function pgCpu(db: HavenDatabase) {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db.unsafeKysely);
  let t = 0;
  for (const { pid } of rows) { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); t += Number(f[11]) + Number(f[12]); } catch { /* */ } }
  return t * 10;
}
async function admin(s: string) { const c = new pg.Client({ connectionString: ADMIN }); await c.connect(); try { await c.query(s); } finally { await c.end(); } }

const name = `haven_exp_${randomBytes(3).toString('hex')}`;
await admin(`create database ${name}`);
const db = await openDatabase({ databaseUrl: `postgres://root@127.0.0.1:5432/${name}`, dataDir: '', poolSize: 8 });
try {
  await migrate(db);
  const t = (await createPractice(db, { slug: 'xx', name: 'X' })).id;
  await sql`create table tiny (id int)`.execute(db.unsafeKysely);
  const B = Number(process.env.B ?? 64), N = Number(process.env.N ?? 300);
  const variants: Record<string, () => Promise<void>> = {
    current: async () => { const f = Array.from({ length: B }, () => validateAuditEntry(entry(t))); await tenantTransaction(db, t, (tx) => appendToChain(tx, t, f, 0)); },
    txSelect1: async () => { await tenantTransaction(db, t, async (tx) => { await sql`select 1`.execute(tx); }); },
    autocommitInsertTiny: async () => { await sql`insert into tiny values (1)`.execute(db.unsafeKysely); },
    select1: async () => { await sql`select 1`.execute(db.unsafeKysely); },
    genOnly: async () => { Array.from({ length: B }, () => validateAuditEntry(entry(t))); await Promise.resolve(); },
  };
  for (const v of (process.env.V ?? Object.keys(variants).join(',')).split(',')) {
    const fn = variants[v]!;
    for (let i = 0; i < 20; i++) await fn();
    const c0 = process.cpuUsage(); const p0 = await pgCpu(db); const s = performance.now();
    for (let i = 0; i < N; i++) await fn();
    const ms = (performance.now() - s) / N; const c = process.cpuUsage(c0); const p = await pgCpu(db);
    console.log(`${v.padEnd(22)} ${ms.toFixed(3)} ms/op  node ${((c.user + c.system) / N / 1000).toFixed(3)} ms/op  pg ${((p - p0) / N).toFixed(3)} ms/op  => ${(B * 1000 / ms).toFixed(0)} entries/s`);
  }
} finally { await db.close(); await admin(`drop database if exists ${name} with (force)`); }
