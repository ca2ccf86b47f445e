import type { Command } from 'commander';
import { startHaven } from '../../app/start-haven.js';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../log/logger.js';
import { printSeedResult } from './seed.js';
import { progressBar } from '../progress.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('migrate the database and serve Haven over HTTP(S)')
    .option('--seed-demo', 'create the demo practice first if it does not exist')
    .action(async (options: { seedDemo?: boolean }) => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const seedBar = progressBar('Seeding demo patients');
      const haven = await startHaven(config, logger, {
        seedDemo: options.seedDemo ?? false,
        onSeedProgress: (done, total) => seedBar.update(done, total),
      });
      seedBar.stop();
      if (haven.seed) printSeedResult(haven.seed, config.dataDir);
      console.log(`\nHaven is running at ${haven.url} on ${haven.db.location}`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: stopping Haven`);
        haven.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
