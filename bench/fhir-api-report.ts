/** The FHIR API bench's results table: one line per phase, under one header. */
import { fmt } from './bench-output.js';
import type { PhaseResult } from './fhir-api-driver.js';

/** One measured phase, with the CPU and statement counts around it. */
export interface Measured extends PhaseResult {
  name: string;
  serverCpuUs: number;
  pgCpuUs: number | undefined;
  queriesPerRequest: number;
  transactionsPerRequest: number;
  load: string;
}

/** One line of the results table. */
export function row(
  m: Measured,
  ceiling: number,
  target: string,
  met: boolean | undefined,
): string {
  const cells = [
    m.name.padEnd(8),
    `${fmt(m.perSecond)} /s`.padStart(10),
    `${m.p50.toFixed(2)}`.padStart(6),
    `${m.p99.toFixed(2)}`.padStart(6),
    `${fmt(ceiling)} /s`.padStart(10),
    (m.perSecond / ceiling).toFixed(2).padStart(5),
    target.padEnd(22),
    (met === undefined ? '' : met ? 'MET' : 'NOT MET').padEnd(7),
    String(m.errors).padStart(4),
    `${fmt(m.serverCpuUs)} / ${m.pgCpuUs === undefined ? '?' : fmt(m.pgCpuUs)} / ${fmt(m.driverCpuUs)}`.padStart(
      16,
    ),
    `${m.queriesPerRequest.toFixed(1)} / ${m.transactionsPerRequest.toFixed(1)}`.padStart(11),
    m.load,
  ];
  return `  ${cells.join('  ')}`;
}

export const HEADER =
  '  phase        req/s    p50    p99     ceiling  ratio  target                  result  err  CPU µs/req H/PG/drv  queries/tx  load (1 5 15 min)';
