import type { Command } from 'commander';
import { openHaven } from '../../app/start-haven.js';
import { loadConfig } from '../../config/load-config.js';
import { seedDemo, type SeedResult } from '../../demo/seed.js';
import { createLogger } from '../../log/logger.js';
import { progressBar } from '../progress.js';
import { saveDemoTotpSecrets } from '../../demo/demo-totp-file.js';

/** Prints the sign-ins, and keeps the demo staff's TOTP secrets for `haven demo totp`. */
export function printSeedResult(result: SeedResult, dataDir: string): void {
  if (result.staffTotpSecrets) saveDemoTotpSecrets(dataDir, result.staffTotpSecrets);
  const { practice } = result;
  console.log(
    result.created
      ? `\nCreated the demo practice "${practice.name}" (${practice.slug}) with ${result.patients} patients and ${result.resources} records.`
      : `\nThe demo practice "${practice.name}" (${practice.slug}) exists already.`,
  );
  console.log('\nDemo sign-ins (staff; password for all: ' + result.password + '):');
  const width = Math.max(...result.signIns.map((s) => s.email.length));
  for (const signIn of result.signIns) {
    console.log(`  ${signIn.email.padEnd(width)}  ${signIn.role.padEnd(16)} ${signIn.name}`);
  }
  console.log(
    '  Staff sign in with a TOTP code too: `npx haven demo totp <email>` shows the current one.',
  );
  console.log(`\nDemo patients (password for all: ${result.patientPassword}):`);
  for (const signIn of result.patientSignIns) {
    console.log(`  ${signIn.email.padEnd(width)}  ${signIn.who}`);
  }
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('load data into the database')
    .requiredOption('--demo', 'create the demo practice with staff and generated patients')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const haven = await openHaven(config, logger);
      const bar = progressBar('Seeding demo patients');
      try {
        const result = await seedDemo(haven.db, haven.keyring, {
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        printSeedResult(result, config.dataDir);
      } finally {
        await haven.close();
      }
    });
}
