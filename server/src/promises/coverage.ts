// How much of what we promise is kept: a summary of the registry and a terminal table of it.
import type { PromiseRegistry, PromiseStatus } from './registry.js';

export const PROMISE_STATUSES: readonly PromiseStatus[] = ['enforced', 'partial', 'planned'];

export type StatusCounts = Record<PromiseStatus, number>;

export interface CoverageSummary {
  total: number;
  byStatus: StatusCounts;
  /** One row per area, in the order areas first appear in the registry. */
  byArea: { area: string; total: number; byStatus: StatusCounts }[];
}

const zeroCounts = (): StatusCounts => ({ enforced: 0, partial: 0, planned: 0 });

/** Counts promises per status, overall and per area. */
export function summarizeCoverage(registry: PromiseRegistry): CoverageSummary {
  const summary: CoverageSummary = { total: 0, byStatus: zeroCounts(), byArea: [] };
  for (const entry of registry) {
    let area = summary.byArea.find((a) => a.area === entry.area);
    if (!area) {
      area = { area: entry.area, total: 0, byStatus: zeroCounts() };
      summary.byArea.push(area);
    }
    summary.total += 1;
    summary.byStatus[entry.status] += 1;
    area.total += 1;
    area.byStatus[entry.status] += 1;
  }
  return summary;
}

/** `70 promises: 0 enforced, 2 partial, 68 planned` */
export function formatTotals(summary: CoverageSummary): string {
  const counts = PROMISE_STATUSES.map((s) => `${summary.byStatus[s]} ${s}`).join(', ');
  return `${summary.total} promises: ${counts}`;
}

const TABLE_WIDTH = 100;
const GAP = '  ';
const STATUS_COLOR: Record<PromiseStatus, string> = {
  enforced: '\x1b[32m', // green
  partial: '\x1b[33m', // yellow
  planned: '\x1b[2m', // dim
};
const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Renders the registry as a plain-text table of about 100 columns, grouped by area, ending with a
 * totals line. With `color`, statuses and area headings get ANSI colours; padding is computed
 * before colouring so the columns line up either way.
 */
export function formatCoverageTable(
  registry: PromiseRegistry,
  options: { color: boolean },
): string {
  const paint = (code: string, text: string): string =>
    options.color ? `${code}${text}${RESET}` : text;
  const idWidth = Math.max(2, ...registry.map((e) => e.id.length));
  const statusWidth = Math.max(...PROMISE_STATUSES.map((s) => s.length));
  const fixed = [idWidth, statusWidth, 'code'.length, 'tests'.length];
  const promiseWidth = TABLE_WIDTH - fixed.reduce((a, b) => a + b, 0) - GAP.length * fixed.length;

  const row = (id: string, status: string, code: string, tests: string, promise: string): string =>
    [id.padEnd(idWidth), status, code.padStart(4), tests.padStart(5), promise].join(GAP).trimEnd();

  const lines = [row('ID', 'status'.padEnd(statusWidth), 'code', 'tests', 'promise')];
  for (const { area } of summarizeCoverage(registry).byArea) {
    lines.push('', paint(BOLD, area));
    for (const entry of registry.filter((e) => e.area === area)) {
      const status = paint(STATUS_COLOR[entry.status], entry.status.padEnd(statusWidth));
      lines.push(
        row(
          entry.id,
          status,
          String(entry.code.length),
          String(entry.tests.length),
          truncate(entry.promise, promiseWidth),
        ),
      );
    }
  }
  lines.push('', formatTotals(summarizeCoverage(registry)));
  return `${lines.join('\n')}\n`;
}
