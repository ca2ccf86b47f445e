import type { Command } from 'commander';
import { openHaven } from '../../app/start-haven.js';
import { loadConfig } from '../../config/load-config.js';
import { choosePractice } from '../../import/practice-choice.js';
import { runImport } from '../../import/import-run.js';
import type { ImportSummary } from '../../import/import-types.js';
import { createLogger } from '../../log/logger.js';
import { EXIT_FAILURE } from '../fail.js';
import { progressBar } from '../progress.js';

/**
 * `haven import <file|folder...>`: FHIR Bundles and NDJSON into one practice, as a named system
 * job. Only counts, file names, resource types and locations are printed, never data.
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'import FHIR transaction/batch/collection Bundles (.json; Synthea output) and NDJSON ' +
        '(.ndjson, one resource per line) into one practice. Each Bundle is stored whole or ' +
        'not at all; importing the same data again creates nothing new',
    )
    .argument('<paths...>', 'files, or folders whose .json and .ndjson files are imported')
    .option('--practice <slug>', 'the practice to import into (default: the only one)')
    .action(async (paths: string[], options: { practice?: string }) => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const haven = await openHaven(config, logger);
      const bar = progressBar('Importing files');
      try {
        const practice = await choosePractice(haven.db, options.practice);
        const summary = await runImport(haven.db, haven.keyring, practice.id, paths, {
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        for (const line of describeFailures(summary)) console.error(line);
        console.log(describeSummary(summary, practice.slug));
        if (summary.failed.length > 0) process.exitCode = EXIT_FAILURE;
      } finally {
        bar.stop();
        await haven.close();
      }
    });
}

/** The one summary line (counts only); tests and operators' scripts read it. */
export function describeSummary(summary: ImportSummary, slug: string): string {
  const rate =
    summary.seconds > 0 ? Math.round((summary.created + summary.unchanged) / summary.seconds) : 0;
  return (
    `Imported into ${slug}: ${summary.files} files (${summary.bundles} bundles, ` +
    `${summary.lines} NDJSON lines), ${summary.created} resources created, ` +
    `${summary.unchanged} unchanged, ${summary.failed.length} files failed ` +
    `(${summary.seconds.toFixed(1)} s, ${rate} resources/s).`
  );
}

function describeFailures(summary: ImportSummary): string[] {
  return summary.failed.flatMap((f) => [`failed: ${f.file}`, ...f.reasons.map((r) => `  ${r}`)]);
}
