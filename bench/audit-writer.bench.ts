/**
 * Benchmark of the audit log on PostgreSQL: durable append throughput and p99 wait with 10 and
 * 64 concurrent writers (each loops: append one entry, await), beside the ceiling measured in
 * the same run (one plain INSERT per commit of the same row shape, no chain, same concurrency),
 * then verify speed over at least 200,000 entries. Creates and drops its own database.
 *
 *   npx tsx bench/audit-writer.bench.ts
 *
 * Settings (environment): HAVEN_BENCH_DATABASE_URL (an admin URL; default
 * postgres://root@127.0.0.1:5432/postgres), HAVEN_BENCH_SECONDS (per phase, default 6),
 * HAVEN_BENCH_VERIFY_ENTRIES (default 200000), HAVEN_BENCH_IN_FLIGHT (the writer's
 * maxInFlight, default the writer's own).
 *
 * CPU per entry is shown beside each figure (this process, and the PostgreSQL backends when the
 * server runs on this machine and /proc is readable): on a shared machine the rate moves with
 * the neighbours' load, the CPU cost much less.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { AuditWriter, verifyAuditLog, type AuditEntryInput } from '../server/src/audit/index.js';
import { openDatabase, type HavenDatabase } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrator.js';
import { createPractice } from '../server/src/tenancy/practices.js';
import { backendCpuMs } from './backend-cpu.js';

const ADMIN_URL = process.env.HAVEN_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.HAVEN_BENCH_SECONDS ?? 6);
const VERIFY_AT_LEAST = Number(process.env.HAVEN_BENCH_VERIFY_ENTRIES ?? 200_000);
const IN_FLIGHT = Number(process.env.HAVEN_BENCH_IN_FLIGHT ?? 0);

interface Measured {
  entries: number;
  seconds: number;
  p99Ms: number;
  cpu: string;
}

function entry(tenantId: string): AuditEntryInput {
  return {
    tenantId,
    patientId: randomUUID(),
    actorUserId: randomUUID(),
    action: 'read',
    dataCategory: 'Observation',
    outcome: 'allowed',
    reasonCode: 'care_team',
    purposeOfUse: 'TREAT',
    sourceAddress: '203.0.113.7',
    requestId: `req-${randomBytes(8).toString('hex')}`,
    resourceType: 'Observation',
    resourceId: randomUUID(),
  };
}

/** Measures `work` (which returns how many entries it handled): rate and CPU per entry. */
async function measured<T extends { entries: number }>(
  db: HavenDatabase,
  work: () => Promise<T>,
): Promise<T & { seconds: number; cpu: string }> {
  const cpu0 = process.cpuUsage();
  const pg0 = await backendCpuMs(db);
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = process.cpuUsage(cpu0);
  const pg1 = await backendCpuMs(db);
  const perEntry = (us: number) => (us / Math.max(result.entries, 1)).toFixed(1);
  const pgPart = pg0 === undefined || pg1 === undefined ? 'n/a' : perEntry((pg1 - pg0) * 1000);
  return { ...result, seconds, cpu: `${perEntry(cpu1.user + cpu1.system)} / ${pgPart} µs` };
}

/** `concurrency` loops of `once` for SECONDS: count, time, p99 latency, CPU per entry. */
async function closedLoop(
  db: HavenDatabase,
  concurrency: number,
  once: (writer: number) => Promise<void>,
): Promise<Measured> {
  const latencies: number[] = [];
  const result = await measured(db, async () => {
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, writer) => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          await once(writer);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    return { entries: latencies.length };
  });
  latencies.sort((a, b) => a - b);
  const p99Ms = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  return { ...result, p99Ms };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

// The ceiling: the same row shape and indexes, one autocommitted INSERT per entry, no chain.
async function createPlainTable(db: HavenDatabase): Promise<void> {
  await sql`
    create table bench_plain (like audit_entry including defaults including constraints);
    alter table bench_plain add column id bigint generated always as identity primary key;
    create index on bench_plain (tenant_id, at);
    create index on bench_plain (tenant_id, patient_id, at) where patient_id is not null;
    create index on bench_plain (tenant_id, actor_user_id, at) where actor_user_id is not null;
  `.execute(db.unsafeKysely);
}

async function plainInsert(db: HavenDatabase, tenantId: string): Promise<void> {
  const e = entry(tenantId);
  await sql`
    insert into bench_plain (tenant_id, chain_id, seq, at, patient_id, actor_user_id, action,
      data_category, outcome, reason_code, purpose_of_use, source_address, request_id,
      resource_type, resource_id, break_glass, prev_hash, hash)
    values (${tenantId}, 0, 1, now(), ${e.patientId}, ${e.actorUserId}, ${e.action},
      ${e.dataCategory}, ${e.outcome}, ${e.reasonCode}, ${e.purposeOfUse}, ${e.sourceAddress},
      ${e.requestId}, ${e.resourceType}, ${e.resourceId}, false, ${randomBytes(32)},
      ${randomBytes(32)})
  `.execute(db.unsafeKysely);
}

/**
 * Entries and batches written so far. A batch is one transaction: its entries share a chain
 * and one time (to the millisecond), so distinct (tenant, chain, time) counts the batches.
 */
async function batchesSoFar(db: HavenDatabase): Promise<{ entries: number; batches: number }> {
  const { rows } = await sql<{ entries: string; batches: string }>`
    select count(*) as entries, count(distinct (tenant_id, chain_id, at)) as batches
    from audit_entry
  `.execute(db.unsafeKysely);
  return { entries: Number(rows[0]?.entries ?? 0), batches: Number(rows[0]?.batches ?? 0) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const rate = (m: { entries: number; seconds: number }) => m.entries / m.seconds;

async function run(db: HavenDatabase, table: string[][]): Promise<void> {
  await migrate(db);
  await createPlainTable(db);
  const tenants: string[] = [];
  for (let i = 0; i < 8; i++) {
    tenants.push((await createPractice(db, { slug: `bench-${i}`, name: `Bench ${i}` })).id);
  }
  const options = IN_FLIGHT ? { maxInFlight: IN_FLIGHT } : {};
  const phases = [
    { label: 'append, 10 writers, 1 tenant', writers: 10, tenants: 1 },
    { label: 'append, 64 writers, 1 tenant', writers: 64, tenants: 1 },
    { label: 'append, 64 writers, 8 tenants', writers: 64, tenants: 8 },
  ];
  for (const phase of phases) {
    const writer = new AuditWriter(db, options);
    const tenantOf = (w: number) => tenants[w % phase.tenants]!;
    const before = await batchesSoFar(db);
    const audit = await closedLoop(db, phase.writers, (w) => writer.append([entry(tenantOf(w))]));
    const after = await batchesSoFar(db);
    const perBatch = (after.entries - before.entries) / Math.max(after.batches - before.batches, 1);
    const plain = await closedLoop(db, phase.writers, (w) => plainInsert(db, tenantOf(w)));
    const cells = [phase.label, `${fmt(rate(audit))} /s`, `${audit.p99Ms.toFixed(1)} ms`];
    cells.push(perBatch.toFixed(1), audit.cpu, `${fmt(rate(plain))} /s`);
    cells.push(`${plain.p99Ms.toFixed(1)} ms`);
    table.push([...cells, (rate(audit) / rate(plain)).toFixed(2)]);
    console.log(table.at(-1)?.join('  '));
  }

  // Bulk load through the writer in large batches (4 tenants x 4 chains) up to the target.
  const loaders = [0, 2, 4, 6].map((chainId) => new AuditWriter(db, { chainId }));
  const count = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from audit_entry`.execute(db.unsafeKysely))
        .rows[0]?.n,
    );
  while ((await count()) < VERIFY_AT_LEAST) {
    await Promise.all(
      loaders.flatMap((loader) =>
        tenants.slice(0, 4).map((t) => loader.append(Array.from({ length: 2500 }, () => entry(t)))),
      ),
    );
  }
  // Every table, the ceiling's too: otherwise autovacuum wakes up during verify, and its CPU
  // shows up in the database's share (and competes with verify for the two cores).
  await sql`vacuum analyze`.execute(db.unsafeKysely);
  for (let round = 1; round <= 3; round++) {
    const result = await measured(db, async () => {
      const verified = await verifyAuditLog(db);
      if (!verified.ok) throw new Error(`verify failed: ${JSON.stringify(verified.firstProblem)}`);
      return verified;
    });
    table.push([
      `verify ${fmt(result.entries)} entries (run ${round})`,
      `${fmt(rate(result))} /s`,
      '',
      '',
      result.cpu,
      '',
      '',
      '',
    ]);
    console.log(table.at(-1)?.join('  '));
  }
}

async function main(): Promise<void> {
  const name = `haven_bench_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 72 });
  const table: string[][] = [];
  const loadBefore = loadavg()[0]?.toFixed(1);
  try {
    await run(db, table);
  } finally {
    await db.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
  const header = ['phase', 'audit log', 'p99 wait', 'entries/batch', 'CPU/entry (Haven / PG)'];
  header.push('ceiling (plain INSERT)', 'p99 wait', 'ratio');
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  console.log(
    `\n${cpus().length} CPUs; load average ${loadBefore} at start, ` +
      `${loadavg()[0]?.toFixed(1)} at end. ${SECONDS} s per phase.`,
  );
  console.log('Targets: append >= 20,000 entries/s durable; verify >= 200,000 entries/s.');
}

await main();
