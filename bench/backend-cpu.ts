/** The CPU time of the database's backends, for the benches' CPU-per-request columns. */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { HavenDatabase } from '../server/src/db/database.js';

/** CPU milliseconds used so far by this database's backends; undefined if /proc says nothing. */
export async function backendCpuMs(db: HavenDatabase): Promise<number | undefined> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()
  `.execute(db.unsafeKysely);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
    } catch {
      return undefined; // PostgreSQL on another machine
    }
  }
  return ticks * 10;
}
