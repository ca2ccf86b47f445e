/** Builds the real Haven app for a test, with a log a test can read back. */
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config/load-config.js';
import type { HavenDatabase } from '../src/db/database.js';
import { buildApp, type HavenApp } from '../src/app/build-app.js';
import { createLogger } from '../src/log/logger.js';
import { testKeyring } from './test-database.js';

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

/** A clock a test can move forward (idle time-outs, expiries). */
export class TestClock {
  constructor(private current = new Date()) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: TestClock;
  routes?: (app: FastifyInstance) => void | Promise<void>;
  webRoot?: string;
}

export async function buildTestApp(
  db: HavenDatabase,
  options: TestAppOptions = {},
): Promise<{ app: HavenApp; log: LogCapture }> {
  const log = new LogCapture();
  const config = loadConfig({ HAVEN_MODE: 'test', HAVEN_LOG_LEVEL: 'debug', ...options.env });
  const app = await buildApp({
    config,
    db,
    keyring: testKeyring(db),
    ...(options.clock ? { now: options.clock.now } : {}),
    logger: createLogger({ level: config.logLevel, destination: log }),
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  await app.ready();
  return { app, log };
}
