/**
 * Master-key rotation (SEC-2) without re-encrypting data: every platform and tenant key wrapped
 * by an older master key is unwrapped with that key and wrapped again with the current one. The
 * data keys themselves do not change, so no sealed data row is touched, and patient keys, which
 * are wrapped by their tenant's key (whose plaintext is unchanged), need nothing at all.
 *
 * Safe while servers run: a row is only ever replaced by an equivalent wrap of the same key, and
 * the keyring unwraps with whatever master key id a row names, so a reader sees either the old
 * or the new wrap and both open (provided every node already has the new key list). New keys
 * created meanwhile (putIfAbsent) are wrapped with the current key and are simply skipped.
 */
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, type Tx } from '../db/transactions.js';
import { appendInTransaction } from '../audit/index.js';
import {
  LocalMasterKeyProvider,
  keyWrapAad,
  platformScope,
  tenantScope,
  type KeyScope,
  type MasterKeyProvider,
} from '../crypto/index.js';

/** Rows re-wrapped per transaction: short transactions, and one audit append per tenant. */
export const ROTATION_BATCH_SIZE = 100;

/** Options for {@link rotateMasterKey}. */
export interface RotationOptions {
  /** Rows per transaction; defaults to {@link ROTATION_BATCH_SIZE}. */
  readonly batchSize?: number;
  /** Unwrap every old row (proving the keys are there) but write nothing and audit nothing. */
  readonly dryRun?: boolean;
  /** Called after each batch with rows handled so far and the rows found to need work. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A row that could not be re-wrapped. It is left exactly as it was. */
export interface RotationFailure {
  /** `platform` or `tenant:<uuid>`. */
  readonly scope: string;
  /** The master key id the row names (or `(malformed id)` if it does not look like one). */
  readonly keyId: string;
  /** Whether the configuration lacks that key, or it is there but the wrap would not open. */
  readonly reason: 'master_key_missing' | 'unwrap_failed';
}

/** What a rotation did (or, in a dry run, would do). */
export interface RotationResult {
  readonly currentKeyId: string;
  readonly dryRun: boolean;
  /** Platform keys re-wrapped (0 or 1); in a dry run, that would be. */
  readonly platformRewrapped: number;
  /** Tenant keys re-wrapped; in a dry run, that would be. */
  readonly tenantRewrapped: number;
  /** Rows already wrapped by the current key, including rows another node rotated first. */
  readonly alreadyCurrent: number;
  readonly failures: readonly RotationFailure[];
  /** Rows that still name an old master key after this run, by key id. Empty: old keys may go. */
  readonly remaining: Readonly<Record<string, number>>;
}

/** One row of {@link masterKeyUsage}: how many keys of a table a wrapping key id wraps. */
export interface KeyUsage {
  readonly table: 'platform_key' | 'tenant_key' | 'patient_key';
  readonly keyId: string;
  readonly count: number;
}

// Same alphabet as master key ids; ids read from storage are echoed only if they match it.
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const REASON_CODE = 'master_rewrapped';

interface OldRow {
  readonly scope: KeyScope;
  readonly keyId: string;
  readonly wrapped: Buffer;
}

/**
 * Re-wraps every platform and tenant key not wrapped by `master.currentKeyId`. Rows whose master
 * key the provider lacks (or whose wrap will not open) are reported in `failures` and left
 * alone; the others are still rotated, so one bad row does not block the rest, and a re-run
 * after fixing the configuration finishes the job. Each tenant rotated gets one `key_rotation`
 * audit entry in the same transaction as its update. The platform key has no tenant, so it is
 * not audited here (the CLI reports it).
 */
export async function rotateMasterKey(
  db: HavenDatabase,
  master: MasterKeyProvider,
  options: RotationOptions = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? ROTATION_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be ≥ 1');
  const dryRun = options.dryRun ?? false;
  const current = master.currentKeyId;
  const before = await masterKeyUsage(db);
  const masterRows = before.filter((u) => u.table !== 'patient_key');
  const total = sum(masterRows.filter((u) => u.keyId !== current));

  const failures: RotationFailure[] = [];
  const counts = { platform: 0, tenant: 0 };
  let done = 0;
  const runBatch = async (load: (tx: Tx) => Promise<OldRow[]>): Promise<OldRow[]> => {
    const rows = await systemTransaction(db, async (tx) => {
      const found = await load(tx);
      for (const row of found) {
        const outcome = await rewrap(tx, master, row, dryRun);
        if (typeof outcome === 'object') failures.push(outcome);
        else if (outcome === 'rewrapped')
          counts[row.scope.kind === 'platform' ? 'platform' : 'tenant']++;
      }
      return found;
    });
    done += rows.length;
    if (rows.length > 0) options.onProgress?.(Math.min(done, total), total);
    return rows;
  };

  // The platform key is one row, in its own batch. Then tenant keys, keyset-paginated on
  // tenant_id: a failed row keeps its old id but the cursor moves past it, so the loop ends.
  await runBatch((tx) => oldPlatformRows(tx, current));
  let after: string | null = null;
  let batch: OldRow[];
  do {
    batch = await runBatch((tx) => oldTenantRows(tx, current, after, batchSize));
    const last = batch.at(-1)?.scope;
    after = last?.kind === 'tenant' ? last.tenantId : null;
  } while (batch.length === batchSize);

  const remaining: Record<string, number> = {};
  const usage = dryRun ? masterRows : await masterKeyUsage(db);
  // Counted at the end, so rows another node rotated (or created) meanwhile are included.
  const rewrapped = dryRun ? 0 : counts.platform + counts.tenant;
  const alreadyCurrent =
    sum(usage.filter((u) => u.table !== 'patient_key' && u.keyId === current)) - rewrapped;
  for (const u of usage) {
    if (u.table === 'patient_key' || u.keyId === current) continue;
    // In a dry run nothing moved, so what remains is just the rows that would fail.
    const left = dryRun ? failures.filter((f) => f.keyId === safeId(u.keyId)).length : u.count;
    if (left > 0) remaining[safeId(u.keyId)] = (remaining[safeId(u.keyId)] ?? 0) + left;
  }
  return {
    currentKeyId: current,
    dryRun,
    platformRewrapped: counts.platform,
    tenantRewrapped: counts.tenant,
    alreadyCurrent,
    failures,
    remaining,
  };
}

/**
 * Re-wraps one row, with a compare-and-set on the exact old wrap so a row another node rotated,
 * or a tenant shredded, meanwhile is never overwritten. Returns a failure instead of throwing:
 * a failed statement would abort the whole batch's transaction on PostgreSQL.
 */
async function rewrap(
  tx: Tx,
  master: MasterKeyProvider,
  row: OldRow,
  dryRun: boolean,
): Promise<'rewrapped' | 'raced' | RotationFailure> {
  const aad = keyWrapAad(row.scope);
  let key: Buffer;
  try {
    key = await master.unwrap({ keyId: row.keyId, wrapped: row.wrapped }, aad);
  } catch {
    // The provider's message is not passed on: a KMS error may say more than an operator log
    // should. Missing keys are told apart where the provider can list its keys.
    const missing = master instanceof LocalMasterKeyProvider && !master.keyIds.includes(row.keyId);
    return {
      scope: row.scope.kind === 'tenant' ? `tenant:${row.scope.tenantId}` : 'platform',
      keyId: safeId(row.keyId),
      reason: missing ? 'master_key_missing' : 'unwrap_failed',
    };
  }
  try {
    if (dryRun) return 'rewrapped';
    const fresh = await master.wrap(key, aad);
    const set = { wrapping_key_id: fresh.keyId, wrapped: fresh.wrapped };
    const result =
      row.scope.kind === 'platform'
        ? await tx
            .updateTable('platform_key')
            .set(set)
            .where('wrapping_key_id', '=', row.keyId)
            .where('wrapped', '=', row.wrapped)
            .executeTakeFirst()
        : await tx
            .updateTable('tenant_key')
            .set(set)
            .where('tenant_id', '=', (row.scope as { tenantId: string }).tenantId)
            .where('wrapping_key_id', '=', row.keyId)
            .where('wrapped', '=', row.wrapped)
            .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return 'raced';
    if (row.scope.kind === 'tenant') {
      // One entry per tenant, in the transaction that changed its key: both or neither commit.
      await appendInTransaction(tx, [
        {
          tenantId: row.scope.tenantId,
          action: 'key_rotation',
          outcome: 'success',
          dataCategory: 'tenant_key',
          reasonCode: REASON_CODE,
        },
      ]);
    }
    return 'rewrapped';
  } finally {
    key.fill(0);
  }
}

// Reads rows in the batch transaction without locking them: the compare-and-set in rewrap is
// what protects a row, so readers and other rotations are never blocked by a whole batch.
async function oldPlatformRows(tx: Tx, current: string): Promise<OldRow[]> {
  const rows = await tx
    .selectFrom('platform_key')
    .select(['wrapping_key_id as keyId', 'wrapped'])
    .where('wrapping_key_id', '<>', current)
    .execute();
  // PGlite hands bytea back as a plain Uint8Array; the crypto code expects Buffers.
  return rows.map((r) => ({
    keyId: r.keyId,
    wrapped: Buffer.from(r.wrapped),
    scope: platformScope(),
  }));
}

async function oldTenantRows(tx: Tx, current: string, after: string | null, limit: number) {
  let query = tx
    .selectFrom('tenant_key')
    .select(['tenant_id', 'wrapping_key_id as keyId', 'wrapped'])
    .where('wrapping_key_id', '<>', current);
  if (after !== null) query = query.where('tenant_id', '>', after);
  const rows = await query.orderBy('tenant_id').limit(limit).execute();
  return rows.map((r): OldRow => ({
    keyId: r.keyId,
    wrapped: Buffer.from(r.wrapped),
    scope: tenantScope(r.tenant_id),
  }));
}

/**
 * Wrapping key ids in use, with counts, per key table. Platform and tenant rows name master key
 * ids; patient rows name the tenant marker (they are wrapped by tenant keys).
 */
export async function masterKeyUsage(db: HavenDatabase): Promise<KeyUsage[]> {
  return systemTransaction(db, async (tx) => {
    const usage: KeyUsage[] = [];
    for (const table of ['platform_key', 'tenant_key', 'patient_key'] as const) {
      const rows = await tx
        .selectFrom(table)
        .select(['wrapping_key_id', (eb) => eb.fn.countAll<string>().as('count')])
        .groupBy('wrapping_key_id')
        .orderBy('wrapping_key_id')
        .execute();
      for (const r of rows) usage.push({ table, keyId: r.wrapping_key_id, count: Number(r.count) });
    }
    return usage;
  });
}

function sum(usage: readonly KeyUsage[]): number {
  return usage.reduce((n, u) => n + u.count, 0);
}

/** A stored id, or a placeholder if it does not look like one (it may be a mis-pasted key). */
function safeId(keyId: string): string {
  return KEY_ID.test(keyId) ? keyId : '(malformed id)';
}
