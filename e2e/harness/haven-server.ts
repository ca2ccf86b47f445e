/**
 * Starts Haven for the browser tests exactly as a newcomer would (the README's command:
 * `haven start --seed-demo` on PGlite) in a fresh data folder on a free port, waits until
 * /readyz says ready, and stops it and removes the folder afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HAVEN_BIN = path.join(REPO_ROOT, 'bin', 'haven.js');

/** This suite's ports (8300 is left for a hand-run Haven). */
const FIRST_PORT = 8301;
const LAST_PORT = 8399;

/** Running Havens by origin, so helpers given only a page find the data folder. */
const running = new Map<string, string>();

/** The data folder of the Haven serving `url`. */
export function dataDirOf(url: string): string {
  const dataDir = running.get(new URL(url).origin);
  if (!dataDir) throw new Error(`no Haven started by the tests serves ${url}`);
  return dataDir;
}

export interface RunningHaven {
  url: string;
  port: number;
  dataDir: string;
  /** What the process printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      probe.close(() => resolve(true));
    });
  });
}

/** A free port in this suite's range, starting at a random place so runs rarely collide. */
export async function freePort(): Promise<number> {
  const span = LAST_PORT - FIRST_PORT + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = FIRST_PORT + ((start + i) % span);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port between ${FIRST_PORT} and ${LAST_PORT}`);
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`haven start exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const answer = await fetch(`${url}/readyz`);
      const body = (await answer.json()) as { status?: string };
      if (body.status === 'ready') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Haven did not become ready at ${url}:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('close', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `haven start --seed-demo` on a new PGlite folder; resolves once /readyz is ready. */
export async function startHaven(): Promise<RunningHaven> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'haven-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    ['--experimental-websocket', HAVEN_BIN, 'start', '--seed-demo'],
    {
      cwd: REPO_ROOT,
      // Only what the command needs: no DATABASE_URL or HAVEN_* from the caller's shell.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        HAVEN_LOG_LEVEL: 'warn',
        HAVEN_DATA_DIR: dataDir,
        HAVEN_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const output = () => printed;
  const stop = async () => {
    running.delete(url);
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  running.set(url, dataDir);
  return { url, port, dataDir, output, stop };
}
