/**
 * The FHIR R4 API under load (issue #5), through the whole stack: bearer token, access gate,
 * durable audit, decryption, FHIR JSON. The real app (buildApp) listens on a loopback port with
 * a pool of 10 connections; a child process (fhir-api-driver.ts) drives it over 10 keep-alive
 * connections. In the same run, the ceiling: a bare Fastify server with its own pool of 10
 * reading one fhir_resource row by primary key and answering it as JSON.
 *
 *   npm run bench:fhir
 *
 * The store is filled with the system bulk writer (sealed, search-indexed), in patients of 50
 * resources (a Patient, 25 HbA1c results, 24 other results), all on the clinician's care team,
 * to 10,000 resources, then each larger size in HAVEN_BENCH_SIZES whose load is projected to
 * take at most HAVEN_BENCH_MAX_LOAD_SECONDS. At each size: ceiling, read by id, search
 * (Observation?patient=&code=&_count=20), create, ceiling again.
 *
 * Settings (environment): HAVEN_BENCH_DATABASE_URL (admin URL, default
 * postgres://root@127.0.0.1:5432/postgres), HAVEN_BENCH_SECONDS (10), HAVEN_BENCH_WARMUP (2),
 * HAVEN_BENCH_SIZES (10000,100000,1000000), HAVEN_BENCH_MAX_LOAD_SECONDS (300),
 * HAVEN_BENCH_LOG_LEVEL (info) and HAVEN_BENCH_LOG_FILE (/dev/null): the app logs each request
 * as in production; HAVEN_BENCH_CONCURRENCY (10); HAVEN_BENCH_TRACE_QUERIES (1, with PROFILE:
 * statements per request of each size's phases),
 * HAVEN_BENCH_PROFILE (a folder: CPU profiles of the server during the phases of each size are
 * written there, and the self time by area printed). Creates and drops its own database.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus } from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { issueTestToken } from '../server/src/api-auth/api-auth-test-fixtures.js';
import { buildApp } from '../server/src/app/build-app.js';
import { loadConfig } from '../server/src/config/load-config.js';
import { Keyring, LocalMasterKeyProvider } from '../server/src/crypto/index.js';
import { openDatabase, type HavenDatabase } from '../server/src/db/database.js';
import { migrate } from '../server/src/db/migrator.js';
import { loadFhirPackages } from '../server/src/fhir/validation/load-packages.js';
import { clearedStaff } from '../server/src/gate/gate-test-fixtures.js';
import { DatabaseWrappedKeyStore } from '../server/src/keys/database-key-store.js';
import { createLogger } from '../server/src/log/logger.js';
import { createPractice } from '../server/src/tenancy/practices.js';
import { fmt, load, out } from './bench-output.js';
import type { Phase } from './fhir-api-driver.js';
import { summarize } from './fhir-api-profile.js';
import { HEADER, row, type Measured } from './fhir-api-report.js';
import { backendCpuMs } from './backend-cpu.js';
import { ceilingServer, Driver, port } from './fhir-api-servers.js';
import { fill, patientResources, SEARCHED, type Store } from './fhir-api-store.js';

const ADMIN_URL = process.env.HAVEN_BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.HAVEN_BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.HAVEN_BENCH_WARMUP ?? 2);
const SIZES = (process.env.HAVEN_BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const MAX_LOAD_SECONDS = Number(process.env.HAVEN_BENCH_MAX_LOAD_SECONDS ?? 300);
const LOG_LEVEL = process.env.HAVEN_BENCH_LOG_LEVEL ?? 'info';
const LOG_FILE = process.env.HAVEN_BENCH_LOG_FILE ?? '/dev/null';
const PROFILE_DIR = process.env.HAVEN_BENCH_PROFILE;
const CONCURRENCY = Number(process.env.HAVEN_BENCH_CONCURRENCY ?? 10);
const POOL = 10;
const MASTER = `bench:${Buffer.alloc(32, 9).toString('base64')}`;

const TARGETS = {
  read: { perSecond: 5_000, p99: 10, ratio: 0.5 },
  search: { perSecond: 2_000 },
  create: { perSecond: 1_500 },
};

// Round trips to PostgreSQL (and transactions) made by this process, counted at the driver.
let queries = 0;
let begins = 0;
// HAVEN_BENCH_TRACE_QUERIES=1: which statements the server sends, how often (profiled phases).
let traced: Map<string, { count: number; bytes: number }> | undefined;
const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientProto.query;
clientProto.query = function (this: unknown, ...args: unknown[]) {
  queries += 1;
  const first = args[0];
  const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
  const opens = (first as { opensTransaction?: unknown } | null)?.opensTransaction === true;
  if (opens || (typeof text === 'string' && /^\s*begin/i.test(text))) begins += 1;
  if (traced && typeof text === 'string') {
    const values =
      (Array.isArray(args[1]) ? args[1] : (first as { values?: unknown[] })?.values) ?? [];
    const bytes = values.reduce<number>(
      (n, v) => n + (v == null ? 0 : String(v).length),
      text.length,
    );
    const key = text.replace(/\s+/g, ' ').slice(0, 160);
    const t = traced.get(key) ?? { count: 0, bytes: 0 };
    t.count += 1;
    t.bytes += bytes;
    traced.set(key, t);
  }
  return originalQuery.apply(this, args);
};

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function measure(
  name: string,
  driver: Driver,
  db: HavenDatabase,
  phase: Omit<Phase, 'concurrency' | 'warmupSeconds' | 'seconds'>,
  profile?: string,
): Promise<Measured> {
  // The counters include the warm-up: the measured phase is much longer, and both look alike.
  const q0 = queries;
  const b0 = begins;
  if (profile && process.env.HAVEN_BENCH_TRACE_QUERIES) traced = new Map();
  const cpu0 = process.cpuUsage();
  const pg0 = await backendCpuMs(db);
  let session: Session | undefined;
  if (profile) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
  }
  const result = await driver.run({
    ...phase,
    concurrency: CONCURRENCY,
    warmupSeconds: WARMUP,
    seconds: SECONDS,
  });
  if (session && profile) {
    const { profile: cpuProfile } = await session.post('Profiler.stop');
    session.disconnect();
    writeFileSync(profile, JSON.stringify(cpuProfile));
  }
  const cpu = process.cpuUsage(cpu0);
  const all = result.requests * ((SECONDS + WARMUP) / SECONDS);
  if (traced) {
    out(`  statements per ${name} request (count, characters sent):`);
    for (const [text, t] of [...traced].sort((a, b) => b[1].count - a[1].count).slice(0, 30)) {
      out(
        `    ${(t.count / all).toFixed(2).padStart(6)} ${fmt(t.bytes / t.count).padStart(7)}  ${text}`,
      );
    }
    traced = undefined;
  }
  const pg1 = await backendCpuMs(db);
  return {
    ...result,
    name,
    serverCpuUs: (cpu.user + cpu.system) / all,
    // Undefined also when a backend ended during the phase (its CPU left the sum).
    pgCpuUs:
      pg0 === undefined || pg1 === undefined || pg1 < pg0 ? undefined : ((pg1 - pg0) * 1000) / all,
    queriesPerRequest: (queries - q0) / all,
    transactionsPerRequest: (begins - b0) / all,
    load: load(),
  };
}

// ---- the run ----

const encodeCode = encodeURIComponent(`http://loinc.org|${SEARCHED}`);

async function runSize(
  driver: Driver,
  db: HavenDatabase,
  store: Store,
  appPort: number,
  ceilingPort: number,
  authorization: string,
) {
  const readPaths = store.sample.map((id) => `/fhir/R4/Observation/${id}`);
  const auth = { authorization, accept: 'application/fhir+json' };
  out(
    `\nstore: ${fmt(store.resources)} resources (${fmt(store.patients.length)} patients); load ${load()}`,
  );
  const size = store.resources;
  // Every size is profiled: side by side, the profiles show what a bigger store costs.
  const prof = (name: string) =>
    PROFILE_DIR ? `${PROFILE_DIR}/fhir-${name}-${size}.cpuprofile` : undefined;
  const ceilingPhase = {
    port: ceilingPort,
    method: 'GET' as const,
    paths: store.sample.map((id) => `/row/${id}`),
    headers: {},
    expect: 200,
  };
  const ceil1 = await measure('ceiling', driver, db, ceilingPhase);
  const read = await measure(
    'read',
    driver,
    db,
    { port: appPort, method: 'GET', paths: readPaths, headers: auth, expect: 200 },
    prof('read'),
  );
  const search = await measure(
    'search',
    driver,
    db,
    {
      port: appPort,
      method: 'GET',
      paths: store.patients.map(
        (p) => `/fhir/R4/Observation?patient=${p}&code=${encodeCode}&_count=20`,
      ),
      headers: auth,
      expect: 200,
    },
    prof('search'),
  );
  const bodies = Array.from({ length: 500 }, () => {
    const patientId = store.patients[randomInt(store.patients.length)] as string;
    return JSON.stringify(patientResources(patientId, 0)[1]);
  });
  const create = await measure(
    'create',
    driver,
    db,
    {
      port: appPort,
      method: 'POST',
      paths: ['/fhir/R4/Observation'],
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      bodies,
      expect: 201,
    },
    prof('create'),
  );
  const ceil2 = await measure('ceiling', driver, db, ceilingPhase);
  const ceiling = (ceil1.perSecond + ceil2.perSecond) / 2;
  store.resources += create.requests; // approximately: the warm-up's creates are not counted
  out(HEADER);
  out(row(ceil1, ceiling, 'ceiling, before', undefined));
  out(
    row(
      read,
      ceiling,
      '>= 5,000/s, p99 <= 10ms',
      read.perSecond >= TARGETS.read.perSecond &&
        read.p99 <= TARGETS.read.p99 &&
        read.perSecond / ceiling >= TARGETS.read.ratio,
    ),
  );
  out(row(search, ceiling, '>= 2,000/s', search.perSecond >= TARGETS.search.perSecond));
  out(row(create, ceiling, '>= 1,500/s', create.perSecond >= TARGETS.create.perSecond));
  out(row(ceil2, ceiling, 'ceiling, after', undefined));
  out(
    `  ceiling = mean of the two ceiling runs; read also needs ratio >= ${TARGETS.read.ratio} ` +
      `(is ${(read.perSecond / ceiling).toFixed(2)}), p99 ${read.p99.toFixed(1)} ms`,
  );
  for (const m of [ceil1, read, search, create, ceil2]) {
    if (m.firstError) out(`  ${m.name}: ${m.errors} errors, first: ${m.firstError}`);
  }
  if (PROFILE_DIR) {
    for (const name of ['read', 'search', 'create']) summarize(prof(name) as string);
  }
  return { read, search, create, ceiling };
}

async function sanity(appPort: number, authorization: string, store: Store): Promise<void> {
  const base = `http://127.0.0.1:${appPort}/fhir/R4`;
  const headers = { authorization };
  const read = await fetch(`${base}/Observation/${store.sample[0]}`, { headers });
  if (read.status !== 200) throw new Error(`read: ${read.status} ${await read.text()}`);
  const search = await fetch(
    `${base}/Observation?patient=${store.patients[0]}&code=${encodeCode}&_count=20`,
    { headers },
  );
  const bundle = (await search.json()) as { entry?: unknown[] };
  if (search.status !== 200 || bundle.entry?.length !== 20) {
    throw new Error(`search: ${search.status}, ${bundle.entry?.length} entries`);
  }
  const created = await fetch(`${base}/Observation`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/fhir+json' },
    body: JSON.stringify(patientResources(store.patients[0] as string, 0)[1]),
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
}

const dbName = `haven_bench_fhir_${randomBytes(4).toString('hex')}`;
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
out(
  `FHIR API benchmark: ${cpus().length} CPUs, load average ${load()}; ${CONCURRENCY} connections, ` +
    `pool ${POOL}, ${WARMUP} s warm-up + ${SECONDS} s per phase, log level ${LOG_LEVEL}`,
);
await admin(`create database ${dbName}`);
let db: HavenDatabase | undefined;
let driver: Driver | undefined;
const closers: (() => Promise<unknown>)[] = [];
try {
  db = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: POOL });
  await migrate(db);
  loadFhirPackages('');
  const master = () => LocalMasterKeyProvider.fromConfig({ keys: MASTER });
  const seedKeyring = new Keyring(master(), new DatabaseWrappedKeyStore(db));
  const practice = await createPractice(db, {
    slug: `bench-${randomBytes(4).toString('hex')}`,
    name: 'Bench',
  });
  const userId = await clearedStaff(db, seedKeyring, practice.id, 'clinician', new Date());
  const store: Store = {
    tenantId: practice.id,
    userId,
    patients: [],
    sample: [],
    observations: 0,
    resources: 0,
  };
  const { authorization } = await issueTestToken(
    db,
    seedKeyring,
    { staff: { tenantId: practice.id, userId } },
    { expiresInSeconds: 6 * 3600 },
  );

  // The app as `haven start` builds it, with its own keyring (its own key cache, as a node has).
  const config = loadConfig({
    HAVEN_MODE: 'development',
    HAVEN_LOG_LEVEL: LOG_LEVEL,
    HAVEN_PUBLIC_URL: 'http://127.0.0.1:8080',
  });
  const app = await buildApp({
    config,
    db,
    keyring: new Keyring(master(), new DatabaseWrappedKeyStore(db)),
    logger: createLogger({
      level: config.logLevel,
      destination: pino.destination({ dest: LOG_FILE, sync: false }),
    }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(() => app.close());
  const ceilingApp = await ceilingServer(url.toString(), practice.id, POOL);
  closers.push(async () => {
    await ceilingApp.app.close();
    await ceilingApp.pool.end();
  });
  driver = new Driver();
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });

  const results: { size: number; r: Awaited<ReturnType<typeof runSize>> }[] = [];
  let rate = 0;
  for (const size of SIZES) {
    if (store.resources >= size) continue;
    const projected = rate > 0 ? (size - store.resources) / rate : 0;
    if (projected > MAX_LOAD_SECONDS) {
      out(
        `\nskipped ${fmt(size)}: loading ${fmt(size - store.resources)} more at ${fmt(rate)} /s would take ` +
          `~${fmt(projected)} s (limit HAVEN_BENCH_MAX_LOAD_SECONDS=${MAX_LOAD_SECONDS})`,
      );
      break;
    }
    out('');
    rate = await fill(db, seedKeyring, store, size);
    if (results.length === 0) await sanity(port(app), authorization, store);
    const r = await runSize(driver, db, store, port(app), port(ceilingApp.app), authorization);
    results.push({ size: store.resources, r });
  }

  const first = results[0];
  const last = results[results.length - 1];
  if (first && last && last !== first) {
    out(`\nflatness, ${fmt(first.size)} -> ${fmt(last.size)} resources (target: within 20%):`);
    for (const name of ['read', 'search'] as const) {
      const a = first.r[name];
      const b = last.r[name];
      const p50 = (b.p50 / a.p50 - 1) * 100;
      const rps = (b.perSecond / a.perSecond - 1) * 100;
      const ratioChange =
        (b.perSecond / last.r.ceiling / (a.perSecond / first.r.ceiling) - 1) * 100;
      const flat = Math.abs(p50) <= 20 && Math.abs(rps) <= 20;
      out(
        `  ${name.padEnd(7)} p50 ${a.p50.toFixed(2)} -> ${b.p50.toFixed(2)} ms (${p50 >= 0 ? '+' : ''}${p50.toFixed(0)}%), ` +
          `${fmt(a.perSecond)} -> ${fmt(b.perSecond)} /s (${rps >= 0 ? '+' : ''}${rps.toFixed(0)}%; ` +
          `against the ceiling ${ratioChange >= 0 ? '+' : ''}${ratioChange.toFixed(0)}%) ${flat ? 'FLAT' : 'NOT FLAT'}`,
      );
    }
  }
  out(`\ndone; load average ${load()}`);
} finally {
  driver?.stop();
  for (const close of closers.reverse()) await close().catch(() => undefined);
  await db?.close().catch(() => undefined);
  await admin(`drop database if exists ${dbName} with (force)`);
}
