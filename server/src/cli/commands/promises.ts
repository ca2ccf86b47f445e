import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { formatCoverageTable } from '../../promises/coverage.js';
import { checkRegistryLinks, loadPromiseRegistry } from '../../promises/registry.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function registerPromises(program: Command): void {
  program
    .command('promises')
    .description('print which privacy promises are enforced, and by which code and tests')
    .action(() => {
      const registry = loadPromiseRegistry();
      console.log(formatCoverageTable(registry, { color: Boolean(process.stdout.isTTY) }));
      const problems = checkRegistryLinks(registry, REPO_ROOT);
      if (problems.length > 0) {
        console.error(`\n${problems.length} broken link(s) in the registry:`);
        for (const problem of problems) console.error(`  ${problem}`);
        process.exitCode = 1;
      }
    });
}
