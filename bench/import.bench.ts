/**
 * Import throughput on the Synthea corpus in ../shared/data/synthea (20 patients, about 7,200
 * resources; outside the repository, not needed at run time), on PGlite and on PostgreSQL,
 * beside the target of 10,000 resources per second. Each repeat imports the whole folder into
 * a fresh practice; then one re-import measures the idempotent path. The cost per resource of
 * the CPU-bound steps (validation, search terms) is measured alone, to show what limits it.
 *
 *   npm run bench:import
 *
 * Settings (environment): HAVEN_BENCH_DATABASE_URL (an admin URL; default
 * postgres://root@127.0.0.1:5432/postgres; `none` skips PostgreSQL), HAVEN_BENCH_REPEATS
 * (default 3). Creates and drops its own PostgreSQL database.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import pg from 'pg';
import { Keyring, LocalMasterKeyProvider } from '../server/src/crypto/index.js';
import { openDatabase, openMemoryDatabase, type HavenDatabase } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrator.js';
import { extractSearchTerms } from '../server/src/fhir/search/search-terms.js';
import {
  prepareFhirValidation,
  validateFhirResource,
} from '../server/src/fhir/validation/index.js';
import { runImport } from '../server/src/import/import-run.js';
import { DatabaseWrappedKeyStore } from '../server/src/keys/database-key-store.js';
import { createPractice } from '../server/src/tenancy/practices.js';
import { sharedPath } from '../server/test/shared-data.js';

const TARGET = 10_000;
const ADMIN_URL = process.env.HAVEN_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const REPEATS = Number(process.env.HAVEN_BENCH_REPEATS ?? 3);
const FOLDER = sharedPath('data', 'synthea');
const MASTER = `bench:${Buffer.alloc(32, 7).toString('base64')}`;

const out = (line: string) => process.stdout.write(`${line}\n`);

function perResource(label: string, resources: readonly Resource[], run: (r: Resource) => unknown) {
  resources.slice(0, 500).forEach(run); // Warm-up, so the JIT has compiled the code.
  const started = performance.now();
  resources.forEach(run);
  const us = ((performance.now() - started) * 1000) / resources.length;
  out(`  ${label}: ${us.toFixed(0)} µs per resource (${Math.round(1e6 / us)} /s on one core)`);
}

async function measure(driver: string, db: HavenDatabase): Promise<void> {
  const keyring = new Keyring(
    LocalMasterKeyProvider.fromConfig({ keys: MASTER }),
    new DatabaseWrappedKeyStore(db),
  );
  const rates: number[] = [];
  let last = '';
  for (let i = 0; i < REPEATS; i += 1) {
    const practice = await createPractice(db, {
      slug: `bench-${randomBytes(5).toString('hex')}`,
      name: 'Bench',
    });
    const s = await runImport(db, keyring, practice.id, [FOLDER]);
    if (s.failed.length > 0) throw new Error(`import failed: ${JSON.stringify(s.failed)}`);
    rates.push(s.created / s.seconds);
    out(
      `  ${driver} run ${i + 1}: ${s.created} created in ${s.seconds.toFixed(2)} s = ${Math.round(s.created / s.seconds)} resources/s (load ${loadavg()[0]?.toFixed(1)})`,
    );
    last = practice.id;
  }
  const again = await runImport(db, keyring, last, [FOLDER]);
  out(
    `  ${driver} re-import: ${again.created} created, ${again.unchanged} unchanged in ${again.seconds.toFixed(2)} s = ${Math.round(again.unchanged / again.seconds)} resources/s`,
  );
  const best = Math.max(...rates);
  const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? 0;
  out(
    `${driver}: median ${Math.round(median)}, best ${Math.round(best)} resources/s (target ${TARGET}) ${median >= TARGET ? 'MET' : 'NOT MET'}`,
  );
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

const resources = readdirSync(FOLDER)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(`${FOLDER}/${f}`, 'utf8')) as Bundle).entry ?? [])
  .flatMap((e) => (e.resource ? [e.resource] : []));
out(
  `Synthea corpus: ${resources.length} resources; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on this machine`,
);
prepareFhirValidation();
out('CPU-bound steps alone, in this process:');
perResource('validation (base R4 + terminology)', resources, (r) => validateFhirResource(r));
perResource('search terms (FHIRPath)', resources, (r) => extractSearchTerms(r));

const lite = await openMemoryDatabase();
try {
  await migrate(lite);
  await measure('PGlite', lite);
} finally {
  await lite.close();
}

if (ADMIN_URL !== 'none') {
  const name = `haven_bench_import_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 4 });
  try {
    await migrate(db);
    await measure('PostgreSQL', db);
  } finally {
    await db.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}
