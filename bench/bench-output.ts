/** How the benchmarks print: one line at a time to stdout, numbers grouped, the load average. */
import { loadavg } from 'node:os';

export const out = (line: string) => process.stdout.write(`${line}\n`);
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
