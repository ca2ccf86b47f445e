import { describe, expect, it } from 'vitest';
import { formatCoverageTable, summarizeCoverage } from './coverage.js';
import { loadPromiseRegistry } from './registry.js';

// Built from a char code: a literal ESC in a regex trips no-control-regex.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

describe('coverage', () => {
  const registry = loadPromiseRegistry();

  it('counts promises per status and per area', () => {
    const summary = summarizeCoverage(registry);
    expect(summary.total).toBe(registry.length);
    const { enforced, partial, planned } = summary.byStatus;
    expect(enforced + partial + planned).toBe(registry.length);
    expect(summary.byArea.reduce((n, a) => n + a.total, 0)).toBe(registry.length);
    expect(new Set(summary.byArea.map((a) => a.area)).size).toBe(summary.byArea.length);
  });

  it('formats a table with every ID and the totals line', () => {
    const table = formatCoverageTable(registry, { color: false });
    const lines = table.split('\n');
    for (const { id } of registry) {
      expect(lines.some((line) => line.startsWith(`${id} `))).toBe(true);
    }
    const { enforced, partial, planned } = summarizeCoverage(registry).byStatus;
    expect(table).toContain(
      `${registry.length} promises: ${enforced} enforced, ${partial} partial, ${planned} planned`,
    );
    expect(table).not.toMatch(ANSI);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('colours only decoration: without ANSI codes the coloured table is the plain one', () => {
    const coloured = formatCoverageTable(registry, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(formatCoverageTable(registry, { color: false }));
  });
});
