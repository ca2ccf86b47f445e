import type { Command } from 'commander';
import { openHaven } from '../../app/start-haven.js';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../log/logger.js';
import { progressBar } from '../progress.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (safe to run on many nodes at once)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const bar = progressBar('Migrating');
      const applied: string[] = [];
      const haven = await openHaven(config, logger, {
        onMigration: (name, index, total) => {
          applied.push(name);
          bar.update(index + 1, total);
        },
      });
      bar.stop();
      await haven.close();
      console.log(
        applied.length === 0
          ? `The database is up to date (${haven.db.location}).`
          : `Applied ${applied.length} migration(s):\n${applied.map((n) => `  ${n}`).join('\n')}`,
      );
    });
}
