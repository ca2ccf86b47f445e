/**
 * Starting Haven: open the database (waiting for it if it is still coming up), apply pending
 * migrations under the advisory lock, load the keys, optionally seed the demo practice, then
 * serve HTTP. Every step that fails stops the start with one clear message.
 */
import { loadFhirPackages } from '../fhir/validation/load-packages.js';
import type { HavenConfig } from '../config/settings.js';
import { Keyring } from '../crypto/index.js';
import { openDatabase, waitForDatabase, type HavenDatabase } from '../db/database.js';
import { migrate } from '../db/migrator.js';
import { lockDataFolder } from '../db/pglite-folder-lock.js';
import { seedDemo, type SeedResult } from '../demo/seed.js';
import { DatabaseWrappedKeyStore } from '../keys/database-key-store.js';
import { resolveMasterKeys } from '../keys/master-key-source.js';
import type { Logger } from '../log/logger.js';
import { buildApp, type HavenApp } from './build-app.js';
import { startBackgroundJobs } from './background-jobs.js';
import { createMailer } from '../email/create-mailer.js';
import { startCheckpointing } from '../audit/index.js';
import { startConfiguredMllp } from '../feeds/hl7v2/index.js';

export interface OpenedHaven {
  db: HavenDatabase;
  keyring: Keyring;
  close(): Promise<void>;
}

/** Opens and migrates the database and loads the keys (shared by `start`, `migrate`, `seed`). */
export async function openHaven(
  config: HavenConfig,
  logger: Logger,
  options: { onMigration?: (name: string, index: number, total: number) => void } = {},
): Promise<OpenedHaven> {
  const master = resolveMasterKeys(config);
  const unlock = config.databaseUrl ? () => {} : lockDataFolder(config.dataDir);
  let db: HavenDatabase | undefined;
  try {
    db = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      onIdleError: (error) =>
        logger.warn({ err: error }, 'database connection lost; the pool reconnects'),
    });
    await waitForDatabase(db, config.databaseConnectTimeoutSeconds * 1000, (attempt, reason) =>
      logger.warn({ attempt, reason }, 'database not reachable yet; retrying'),
    );
    const applied = await migrate(db, {
      onApplying: (migration, index, total) => options.onMigration?.(migration.name, index, total),
    });
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const keyring = new Keyring(master, new DatabaseWrappedKeyStore(db));
    const opened = db;
    return {
      db: opened,
      keyring,
      close: async () => {
        await opened.close();
        unlock();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    unlock();
    throw error;
  }
}

export interface RunningHaven extends OpenedHaven {
  app: HavenApp;
  url: string;
  seed?: SeedResult;
}

export interface StartOptions {
  seedDemo?: boolean;
  onMigration?: (name: string, index: number, total: number) => void;
  onSeedProgress?: (done: number, total: number) => void;
}

export async function startHaven(
  config: HavenConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningHaven> {
  const opened = await openHaven(config, logger, options);
  try {
    const seed = options.seedDemo
      ? await seedDemo(opened.db, opened.keyring, { onProgress: options.onSeedProgress })
      : undefined;
    const packages = loadFhirPackages(config.fhirPackages);
    for (const guide of packages.guides) {
      // Only allow-listed log keys survive redaction: the guide's name goes in `event`.
      logger.info(
        {
          event: guide.name,
          version: guide.version,
          count: guide.profiles,
          reason: guide.skipped.length > 0 ? `skipped ${guide.skipped.join(' ')}` : undefined,
        },
        'FHIR implementation guide loaded',
      );
    }
    const app = await buildApp({
      config,
      db: opened.db,
      keyring: opened.keyring,
      logger,
      backgroundJobs: true,
    });
    const url = await app.listen({ host: config.host, port: config.port });
    // HL7 v2 feeds over MLLP (off unless HAVEN_MLLP_PORT is set).
    const mllp = await startConfiguredMllp(config, opened, logger).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    const mailer = createMailer({
      smtpUrl: config.smtpUrl,
      mailFrom: config.mailFrom,
      dataDir: config.dataDir,
    });
    const stopJobs = startBackgroundJobs({
      db: opened.db,
      keyring: opened.keyring,
      mailer,
      logger,
    });
    // Signed checkpoints of every audit chain head, on every node (each chain is claimed with
    // a lock, so nodes never sign the same head twice).
    const checkpoints = startCheckpointing(opened.db, opened.keyring, {
      onError: (error) => logger.warn({ err: error }, 'audit checkpoint failed; will retry'),
    });
    return {
      ...opened,
      app,
      url,
      ...(seed ? { seed } : {}),
      close: async () => {
        await mllp?.close();
        await app.close();
        await stopJobs();
        await checkpoints.stop();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
