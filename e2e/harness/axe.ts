/**
 * WCAG 2.1 A/AA checks with axe-core on the page as it is now. Serious and critical findings
 * fail the test, listed with rule ids and the elements they were found on.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length === 0) return;
  const lines = bad.map((violation) => {
    const targets = violation.nodes
      .map((node) => {
        const why = (node.failureSummary ?? '').split('\n').slice(1, 2).join('').trim();
        return `    ${node.target.join(' ')}${why ? `\n      ${why}` : ''}`;
      })
      .join('\n');
    return `  ${violation.id} (${violation.impact}): ${violation.help}\n${targets}`;
  });
  throw new Error(`axe found serious or critical violations on ${label}:\n${lines.join('\n')}`);
}
