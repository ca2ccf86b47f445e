/**
 * PGlite is one database in one process: two processes opening the same data folder would
 * corrupt it. A lock file holding the owner's pid keeps a second process out; a lock left by a
 * process that died is taken over.
 */
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseUnavailableError } from './database-errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder's lock; returns the function that releases it. */
export function lockDataFolder(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'haven.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new DatabaseUnavailableError(
          `Another Haven process (pid ${owner}) is using the data folder ${dataDir}; PGlite allows one process. Use PostgreSQL (DATABASE_URL) to run several.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseUnavailableError(`Could not lock the data folder ${dataDir}`);
}
