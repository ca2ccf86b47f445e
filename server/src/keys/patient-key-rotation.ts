/**
 * Patient data-key rotation (SEC-2): every patient in scope gets a new key generation, their
 * records are re-encrypted under it in the background, in batches, and the old generation is
 * deleted (crypto-shredded) once no record uses it. Reads and writes keep working throughout.
 *
 * The timing rule, and why. Every node caches a patient's key set for up to the cache TTL, and
 * a unit of work (a request) keeps the keys it loaded until it commits. So:
 * 1. A new generation is stored with `active_from = now + TTL + U` (U: the longest unit of
 *    work). Any node that reads the store from now on can open it at once, but seals with it
 *    only from `active_from`. Sets read before the new generation existed expire within TTL
 *    and are out of use U later, so by `active_from` nobody lacks it: no reader ever meets a
 *    record under a generation it does not hold. Re-encryption therefore starts at
 *    `active_from`, not before.
 * 2. A set read just before `active_from` still calls the old generation current, for up to
 *    TTL, and its unit of work may commit up to U later. The old generation is deleted only
 *    after `active_from + TTL + U`, after a final pass has re-encrypted any row written that
 *    way, and only if no row is under it (checked in the delete statement itself).
 * All times are the database's clock, so node clocks need not agree. With the defaults (60 s
 * each) a run waits about two minutes twice; tests shrink both.
 *
 * Resumable: a patient with more than one generation is mid-rotation, and a re-run finishes it
 * instead of starting another. Patients whose rotation a run completed (old generation deleted)
 * are rotated again by the next run: harmless, only work. Several jobs at once agree through
 * the key table's primary key and the compare-and-set on each record.
 */
import { DEFAULT_KEY_CACHE_TTL_MS, patientScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { reencryptPatient } from './patient-data-reencryption.js';
import {
  countRowsToReencrypt,
  insertGenerations,
  listPatientKeys,
  msUntilAfterActivation,
  retireOldGenerations,
  type NewGeneration,
  type PatientKeyFilter,
  type PatientKeyGenerations,
} from './patient-key-generations.js';

/** Records per transaction, and new keys per transaction. */
export const DATA_ROTATION_BATCH_SIZE = 200;
/** The longest a unit of work is assumed to hold keys it loaded before committing. */
export const DEFAULT_UNIT_OF_WORK_MS = 60_000;

export interface PatientKeyRotationDeps {
  readonly db: HavenDatabase;
  readonly keyring: Keyring;
}

export interface PatientKeyRotationOptions extends PatientKeyFilter {
  readonly batchSize?: number;
  /** After each batch of records: re-encrypted (or skipped) so far, and the known total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Told before each wait, so a person at a terminal knows why nothing moves. */
  readonly onWait?: (ms: number, before: 'reencryption' | 'retirement') => void;
  /** The key cache TTL of every node; defaults to the keyring default (60 s). */
  readonly keyCacheTtlMs?: number;
  /** See {@link DEFAULT_UNIT_OF_WORK_MS}. */
  readonly unitOfWorkMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PatientKeyRotationResult {
  /** Patients whose key this run rotated or finished rotating. */
  readonly patients: number;
  /** New generations this run stored (the rest were resumed from an earlier run). */
  readonly generationsCreated: number;
  readonly reencrypted: number;
  /** Rows that would not open and were left as they are (see the reencryption module). */
  readonly unreadable: number;
  /** Old generations deleted. */
  readonly retired: number;
  /** Patients still holding an old generation (a row under it would not open): re-run later. */
  readonly unfinished: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rotates the data keys of every patient under `options` (all practices by default). */
export async function rotatePatientDataKeys(
  deps: PatientKeyRotationDeps,
  options: PatientKeyRotationOptions = {},
): Promise<PatientKeyRotationResult> {
  const { db, keyring } = deps;
  const batchSize = options.batchSize ?? DATA_ROTATION_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be ≥ 1');
  const filter = checkedFilter(options);
  const settle =
    (options.keyCacheTtlMs ?? DEFAULT_KEY_CACHE_TTL_MS) +
    (options.unitOfWorkMs ?? DEFAULT_UNIT_OF_WORK_MS);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const waitUntil = async (extraMs: number, before: 'reencryption' | 'retirement') => {
    for (let ms = await msUntilAfterActivation(db, filter, extraMs); ms > 0;) {
      options.onWait?.(ms, before);
      await sleep(Math.ceil(ms));
      ms = await msUntilAfterActivation(db, filter, extraMs);
    }
  };

  // 1. A new generation for every patient not already mid-rotation.
  let generationsCreated = 0;
  const fresh = (await listPatientKeys(db, filter)).filter((p) => p.generations.length === 1);
  for (const [tenantId, patients] of byTenant(fresh)) {
    for (let start = 0; start < patients.length; start += batchSize) {
      const rows: NewGeneration[] = [];
      for (const p of patients.slice(start, start + batchSize)) {
        const generation = Math.max(...p.generations) + 1;
        const key = await keyring.wrapNewPatientKey(
          patientScope(tenantId, p.patientId),
          generation,
        );
        rows.push({ patientId: p.patientId, generation, key });
      }
      generationsCreated += await insertGenerations(db, tenantId, rows, settle, start === 0);
    }
  }

  // 2. Once every node can open the new generations, re-encrypt into them.
  const rotating = (await listPatientKeys(db, filter)).filter((p) => p.generations.length > 1);
  await waitUntil(0, 'reencryption');
  const progress = { done: 0, total: await countRowsToReencrypt(db, filter) };
  const counts = { reencrypted: 0, unreadable: 0, retired: 0, unfinished: 0 };
  const pass = async (p: PatientKeyGenerations, final: boolean) => {
    const result = await reencryptPatient(db, keyring, p.tenantId, p.patientId, batchSize, (n) => {
      progress.done += n;
      progress.total = Math.max(progress.total, progress.done);
      options.onProgress?.(progress.done, progress.total);
    });
    if (result) {
      counts.reencrypted += result.reencrypted;
      // Counted on the final pass only, so a row left unreadable is counted once.
      if (final) counts.unreadable += result.unreadable;
    }
    return result?.generation;
  };
  for (const p of rotating) await pass(p, false);

  // 3. Once no node can still be sealing with an old generation: a final pass for rows written
  //    that way meanwhile, then delete every old generation no row is under.
  await waitUntil(settle, 'retirement');
  for (const p of rotating) {
    const current = await pass(p, true);
    if (current === undefined) continue; // erased meanwhile: nothing left to retire
    counts.retired += await retireOldGenerations(db, p.tenantId, p.patientId, current);
    keyring.forget(patientScope(p.tenantId, p.patientId));
    const [left] = await listPatientKeys(db, p);
    if (left?.generations.some((g) => g < current)) counts.unfinished++;
  }
  return { patients: rotating.length, generationsCreated, ...counts };
}

function checkedFilter(options: PatientKeyFilter): PatientKeyFilter {
  if (options.patientId !== undefined && options.tenantId === undefined) {
    throw new RangeError('a patient is named within a practice: give tenantId too');
  }
  for (const id of [options.tenantId, options.patientId]) {
    if (id !== undefined && !UUID.test(id))
      throw new RangeError('tenant and patient ids are UUIDs');
  }
  return { tenantId: options.tenantId?.toLowerCase(), patientId: options.patientId?.toLowerCase() };
}

function byTenant(patients: readonly PatientKeyGenerations[]) {
  const groups = new Map<string, PatientKeyGenerations[]>();
  for (const p of patients) {
    const group = groups.get(p.tenantId) ?? [];
    group.push(p);
    groups.set(p.tenantId, group);
  }
  return groups;
}
