/**
 * `haven keys rotate --data-keys [--tenant <id> [--patient <id>]]`: patient data-key rotation
 * (keys/patient-key-rotation.ts), and the generation lines of `haven keys status`. Kept apart
 * from keys.ts, which is about master keys.
 */
import type { Command } from 'commander';
import { openHaven } from '../../app/start-haven.js';
import { loadConfig } from '../../config/load-config.js';
import type { HavenDatabase } from '../../db/database.js';
import { createLogger } from '../../log/logger.js';
import { patientKeyGenerationUsage } from '../../keys/patient-key-generations.js';
import {
  rotatePatientDataKeys,
  type PatientKeyRotationResult,
} from '../../keys/patient-key-rotation.js';
import { EXIT_FAILURE } from '../fail.js';
import { progressBar } from '../progress.js';

export interface DataKeyOptions {
  readonly tenant?: string;
  readonly patient?: string;
  readonly dryRun?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs the rotation for `haven keys rotate --data-keys`; `command` reports usage errors. */
export async function runDataKeyRotation(command: Command, options: DataKeyOptions) {
  if (options.dryRun) command.error('--dry-run applies to master keys only', { exitCode: 2 });
  if (options.patient !== undefined && options.tenant === undefined) {
    command.error('--patient needs --tenant (a patient is named within a practice)', {
      exitCode: 2,
    });
  }
  for (const id of [options.tenant, options.patient]) {
    if (id !== undefined && !UUID.test(id)) {
      command.error('--tenant and --patient take ids (UUIDs)', { exitCode: 2 });
    }
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const haven = await openHaven(config, logger);
  const bar = progressBar('Re-encrypting records');
  try {
    const result = await rotatePatientDataKeys(
      { db: haven.db, keyring: haven.keyring },
      {
        tenantId: options.tenant,
        patientId: options.patient,
        onProgress: (done, total) => bar.update(done, total),
        onWait: (ms, before) => {
          const why =
            before === 'reencryption'
              ? 'until every server can open the new keys'
              : 'until no server can still be sealing with the old keys';
          console.error(`haven: waiting ${Math.ceil(ms / 1000)} s ${why}`);
        },
      },
    );
    bar.stop();
    console.log(describeDataRotation(result).join('\n'));
    if (result.unfinished > 0) process.exitCode = EXIT_FAILURE;
  } finally {
    bar.stop();
    await haven.close();
  }
}

function describeDataRotation(r: PatientKeyRotationResult): string[] {
  const lines = [
    `Rotated the data keys of ${r.patients} patient(s) (${r.generationsCreated} new, ` +
      `${r.patients - r.generationsCreated} resumed); re-encrypted ${r.reencrypted} record(s); ` +
      `deleted ${r.retired} old key generation(s).`,
  ];
  if (r.unreadable > 0) {
    lines.push(
      `${r.unreadable} record(s) did not open and were left as they are (a destroyed key ` +
        'generation, or altered bytes).',
    );
  }
  if (r.unfinished > 0) {
    lines.push(
      `${r.unfinished} patient(s) still hold an old key generation that a record is sealed ` +
        'under; it is kept so that record stays readable. Run again once it is dealt with.',
    );
  }
  return lines;
}

/** Lines for `haven keys status`: patient keys per generation, and rotations under way. */
export async function describeGenerations(db: HavenDatabase): Promise<string[]> {
  const { generations, patientsMidRotation } = await patientKeyGenerationUsage(db);
  if (generations.length === 0) return [];
  const lines = ['Patient data keys by generation:'];
  for (const g of generations) {
    const pending = g.pending > 0 ? `  (${g.pending} not yet current)` : '';
    lines.push(`  generation ${String(g.generation).padEnd(6)} ${g.keys}${pending}`);
  }
  if (patientsMidRotation > 0) {
    lines.push(
      `${patientsMidRotation} patient(s) mid-rotation (old and new generation both kept); ` +
        '`haven keys rotate --data-keys` finishes an interrupted rotation.',
    );
  }
  return lines;
}
