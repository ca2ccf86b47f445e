import type { Command } from 'commander';
import { openHaven } from '../../app/start-haven.js';
import { checkpointChains, verifyAuditLog } from '../../audit/index.js';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../log/logger.js';
import { EXIT_FAILURE } from '../fail.js';
import { progressBar } from '../progress.js';

/** `haven audit verify` and `haven audit checkpoint`. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description(
      'recompute every hash of every audit chain and check the heads and signed checkpoints; ' +
        'exits 1 naming the first problem',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const haven = await openHaven(config, logger);
      const bar = progressBar('Verifying the audit log');
      const started = performance.now();
      try {
        const result = await verifyAuditLog(haven.db, {
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        const seconds = (performance.now() - started) / 1000;
        const rate = Math.round(result.entries / Math.max(seconds, 0.001));
        console.log(
          `Verified ${result.entries.toLocaleString('en')} entries in ${result.chains} chain(s) ` +
            `in ${seconds.toFixed(1)} s (${rate.toLocaleString('en')} entries/s).`,
        );
        const problem = result.firstProblem;
        if (problem) {
          console.log(
            `The audit log has been tampered with: ${problem.kind} at tenant ${problem.tenantId}, ` +
              `chain ${problem.chainId}, seq ${problem.seq}: ${problem.message}.` +
              (result.brokenChains > 1 ? ` (${result.brokenChains} chains have problems.)` : ''),
          );
          process.exitCode = EXIT_FAILURE;
        } else {
          console.log('The audit log is intact.');
        }
      } finally {
        bar.stop();
        await haven.close();
      }
    });

  audit
    .command('checkpoint')
    .description('sign the head of every audit chain with new entries now')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const haven = await openHaven(config, logger);
      try {
        const written = await checkpointChains(haven.db, haven.keyring, { force: true });
        console.log(`Signed ${written} checkpoint(s).`);
      } finally {
        await haven.close();
      }
    });
}
