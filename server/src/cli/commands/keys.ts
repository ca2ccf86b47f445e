import type { Command } from 'commander';
import { openHaven } from '../../app/start-haven.js';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../log/logger.js';
import {
  masterKeyUsage,
  rotateMasterKey,
  type RotationResult,
} from '../../keys/master-key-rotation.js';
import { resolveMasterKeys } from '../../keys/master-key-source.js';
import { EXIT_FAILURE } from '../fail.js';
import { progressBar } from '../progress.js';
import { describeGenerations, runDataKeyRotation, type DataKeyOptions } from './keys-data.js';

const MAX_FAILURE_LINES = 20;

/**
 * `haven keys rotate [--dry-run]`, `haven keys rotate --data-keys` (keys-data.ts) and
 * `haven keys status`. Rotation re-wraps platform and
 * tenant keys with the current (first) master key; rows naming a key the configuration lacks
 * are reported and left alone while the rest are rotated, and the command then exits 1.
 */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('master keys and the data keys they wrap');

  keys
    .command('rotate')
    .description(
      're-wrap every platform and tenant key with the current (first) master key; data is not ' +
        're-encrypted (--data-keys does that). Give every node the new key list (new key ' +
        'first, old keys after) first; safe while servers run and on several nodes at once',
    )
    .option('--dry-run', 'only count, and check that every old wrap opens; change nothing')
    .option(
      '--data-keys',
      'instead: give every patient a new data key and re-encrypt their records under it in the ' +
        'background, in batches, then delete the old key. Reads and writes keep working; it ' +
        'waits about two minutes twice so every server learns the new keys first',
    )
    .option('--tenant <id>', 'with --data-keys: only this practice')
    .option('--patient <id>', 'with --data-keys and --tenant: only this patient')
    .action(async (options: DataKeyOptions & { dataKeys?: boolean }, command: Command) => {
      if (options.dataKeys) return runDataKeyRotation(command, options);
      if (options.tenant !== undefined || options.patient !== undefined) {
        command.error('--tenant and --patient go with --data-keys', { exitCode: 2 });
      }
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const haven = await openHaven(config, logger);
      const bar = progressBar(options.dryRun ? 'Checking keys' : 'Re-wrapping keys');
      try {
        const result = await rotateMasterKey(haven.db, resolveMasterKeys(config), {
          dryRun: options.dryRun ?? false,
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        for (const line of describeFailures(result)) console.error(line);
        console.log(describeRotation(result).join('\n'));
        if (result.failures.length > 0) process.exitCode = EXIT_FAILURE;
      } finally {
        bar.stop();
        await haven.close();
      }
    });

  keys
    .command('status')
    .description('list the wrapping key ids in use, with counts, and whether each is configured')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel });
      const haven = await openHaven(config, logger);
      try {
        const master = resolveMasterKeys(config);
        const usage = await masterKeyUsage(haven.db);
        console.log(`Current master key: ${master.currentKeyId}`);
        for (const u of usage) {
          const note =
            u.table === 'patient_key'
              ? 'wrapped by tenant keys'
              : u.keyId === master.currentKeyId
                ? 'current'
                : master.keyIds.includes(u.keyId)
                  ? 'old: run `haven keys rotate`'
                  : 'NOT CONFIGURED';
          console.log(`  ${u.table.padEnd(12)} ${u.keyId.padEnd(24)} ${u.count}  (${note})`);
        }
        const inUse = new Set(usage.filter((u) => u.table !== 'patient_key').map((u) => u.keyId));
        const unused = master.keyIds.filter((id) => !inUse.has(id) && id !== master.currentKeyId);
        if (unused.length > 0) {
          console.log(`Configured but wrapping nothing (safe to remove): ${unused.join(', ')}`);
        }
        for (const line of await describeGenerations(haven.db)) console.log(line);
      } finally {
        await haven.close();
      }
    });
}

function describeRotation(r: RotationResult): string[] {
  const verb = r.dryRun ? 'Would re-wrap' : 'Re-wrapped';
  const lines = [
    `${verb} ${r.platformRewrapped} platform key(s) and ${r.tenantRewrapped} tenant key(s) ` +
      `with master key ${r.currentKeyId}; ${r.alreadyCurrent} already current. ` +
      'Patient keys are wrapped by tenant keys and need nothing.',
  ];
  const remaining = Object.entries(r.remaining);
  lines.push(
    remaining.length === 0
      ? r.dryRun
        ? 'After a real run no row would name an old master key.'
        : 'No row names an old master key: old keys can now be removed from the configuration.'
      : `Rows still naming an old master key: ${remaining.map(([id, n]) => `${id} (${n})`).join(', ')}` +
          '; keep (or put back) those master keys in the configuration.',
  );
  return lines;
}

/** One line per row left unrotated. Names key ids (never key material) and tenant ids. */
function describeFailures(r: RotationResult): string[] {
  // A wholly missing key fails every row it wraps: show a few, then the count, not thousands.
  const shown = r.failures.slice(0, MAX_FAILURE_LINES);
  const more = r.failures.length - shown.length;
  const lines = shown.map((f) =>
    f.reason === 'master_key_missing'
      ? `haven: ${f.scope} is wrapped by master key "${f.keyId}", which is not configured; ` +
        'put it back after the current key and run again (the row was left unchanged)'
      : `haven: ${f.scope} did not open with master key "${f.keyId}" (wrong key for that id, ` +
        'or the row was altered); the row was left unchanged',
  );
  if (more > 0) lines.push(`haven: ...and ${more} more row(s) left unchanged`);
  return lines;
}
