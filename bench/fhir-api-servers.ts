/**
 * The FHIR API bench's moving parts besides the app: the ceiling server (the same framework and
 * driver reading one row by primary key, no checks) and the child process that drives the load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Phase, PhaseResult } from './fhir-api-driver.js';

export async function ceilingServer(
  url: string,
  tenantId: string,
  poolSize: number,
): Promise<{ app: FastifyInstance; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {}); // the database is dropped with force at the end
  const app = Fastify({ logger: false });
  app.get('/row/:id', async (request) => {
    const { id } = request.params as { id: string };
    const { rows } = await pool.query<{
      resource_type: string;
      id: string;
      version_id: number;
      patient_id: string | null;
      last_updated: Date;
      sealed: Buffer;
    }>(
      `select resource_type, id, version_id, patient_id, last_updated, sealed from fhir_resource
       where tenant_id = $1 and resource_type = 'Observation' and id = $2 and version_id = 1`,
      [tenantId, id],
    );
    const row = rows[0];
    if (!row) throw new Error('no such row');
    return { ...row, sealed: row.sealed.toString('base64') };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, pool };
}

export function port(app: FastifyInstance): number {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

/** The load generator: a child process (fhir-api-driver.ts), one phase per message. */
export class Driver {
  readonly #child: ChildProcess;
  constructor() {
    this.#child = fork(fileURLToPath(new URL('./fhir-api-driver.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
    });
  }
  run(phase: Phase): Promise<PhaseResult> {
    return new Promise((resolve, reject) => {
      this.#child.once('message', (message: { result?: PhaseResult; error?: string }) => {
        if (message.result) resolve(message.result);
        else reject(new Error(message.error ?? 'the driver failed'));
      });
      this.#child.send(phase);
    });
  }
  stop(): void {
    this.#child.disconnect();
  }
}
