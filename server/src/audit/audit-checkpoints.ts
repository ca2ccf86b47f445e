/**
 * Signed checkpoints of the audit chains. A hash chain alone shows that entries were edited
 * unless the editor also recomputes every later hash; a checkpoint signed with a key the
 * database does not hold in clear pins the chain up to its seq, so a recomputed chain no longer
 * matches it. One Ed25519 key pair per deployment, made on first use: the private key sealed
 * (AES-256-GCM) under the platform data key, the public key in clear so verify needs no secret.
 *
 * Safe on every node at once: each chain is checkpointed under a transaction-level advisory
 * lock taken with try, so a chain another node is already signing is skipped, not waited for.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { sql } from 'kysely';
import { decrypt, encrypt, platformScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, type Tx } from '../db/transactions.js';
import { checkpointMessage } from './audit-hash.js';

/** Associated data of the sealed private key: a copy sealed for anything else will not open. */
export const SIGNING_KEY_AAD = Buffer.from('haven.audit.checkpoint-signing-key.v1', 'utf8');
/** A chain is checkpointed after this many new entries... */
export const CHECKPOINT_EVERY_ENTRIES = 10_000;
/** ...or when it has new entries and its last checkpoint is older than this. */
export const CHECKPOINT_EVERY_MS = 60_000;

/** Options for {@link checkpointChains}. */
export interface CheckpointOptions {
  /** Checkpoint every chain with entries past its last checkpoint, however few (on demand). */
  force?: boolean;
  everyEntries?: number;
  everyMs?: number;
}

interface DueChain {
  tenant_id: string;
  chain_id: number;
}

interface SigningKey {
  id: string;
  privateKey: KeyObject;
}

/**
 * Signs the head of every chain that is due (see the options), on the system path. Returns how
 * many checkpoints this call wrote.
 */
export async function checkpointChains(
  db: HavenDatabase,
  keyring: Keyring,
  options: CheckpointOptions = {},
): Promise<number> {
  const everyEntries = options.everyEntries ?? CHECKPOINT_EVERY_ENTRIES;
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS;
  const due = await systemTransaction(
    db,
    async (tx) =>
      (
        await sql<DueChain>`
        select h.tenant_id, h.chain_id
        from audit_chain_head h
        left join lateral (
          select c.seq, c.signed_at from audit_checkpoint c
          where c.tenant_id = h.tenant_id and c.chain_id = h.chain_id
          order by c.seq desc limit 1
        ) c on true
        where h.last_seq > coalesce(c.seq, 0)
          and (${options.force === true}::boolean or c.seq is null
               or h.last_seq - c.seq >= ${everyEntries}::int8
               or c.signed_at <= now() - ${everyMs}::float8 * interval '1 millisecond')
        order by h.tenant_id, h.chain_id
      `.execute(tx)
      ).rows,
  );
  if (due.length === 0) return 0;
  const key = await signingKey(db, keyring);
  let written = 0;
  for (const chain of due) {
    if (await systemTransaction(db, (tx) => checkpointOne(tx, chain, key))) written++;
  }
  return written;
}

async function checkpointOne(tx: Tx, chain: DueChain, key: SigningKey): Promise<boolean> {
  const locked = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtext('haven.audit.checkpoint'),
      hashtext(${chain.tenant_id}::text || '/' || ${chain.chain_id}::text)) as locked
  `.execute(tx);
  if (locked.rows[0]?.locked !== true) return false; // another node is on it
  // Re-read under the lock: the head has moved, and another node may have just signed it.
  // Only a head that names its last entry is signed: signing a head someone has tampered
  // with would vouch for the tampering.
  const head = (
    await sql<{ last_seq: string | number; last_hash: Uint8Array; at_ms: string | number }>`
      select h.last_seq, h.last_hash,
        (extract(epoch from date_trunc('milliseconds', now())) * 1000)::int8 as at_ms
      from audit_chain_head h
      join audit_entry e on e.tenant_id = h.tenant_id and e.chain_id = h.chain_id
        and e.seq = h.last_seq and e.hash = h.last_hash
      where h.tenant_id = ${chain.tenant_id} and h.chain_id = ${chain.chain_id}
        and h.last_seq > coalesce((select max(c.seq) from audit_checkpoint c
          where c.tenant_id = h.tenant_id and c.chain_id = h.chain_id), 0)
    `.execute(tx)
  ).rows[0];
  if (!head) return false;
  const seq = Number(head.last_seq);
  const atMs = Number(head.at_ms);
  const hash = Buffer.from(head.last_hash);
  const message = checkpointMessage(chain.tenant_id, chain.chain_id, seq, hash, atMs);
  await tx
    .insertInto('audit_checkpoint')
    .values({
      tenant_id: chain.tenant_id,
      chain_id: chain.chain_id,
      seq,
      hash,
      signed_at: new Date(atMs),
      key_id: key.id,
      signature: sign(null, message, key.privateKey),
    })
    .execute();
  return true;
}

/** The deployment's signing key, made (once, under an advisory lock) on first use. */
async function signingKey(db: HavenDatabase, keyring: Keyring): Promise<SigningKey> {
  // Fetched before the transaction: the keyring reads its store in transactions of its own.
  const platformKey = await keyring.dataKey(platformScope());
  try {
    return await systemTransaction(db, async (tx) => {
      let row = await newestSigningKey(tx);
      if (!row) {
        await sql`select pg_advisory_xact_lock(hashtext('haven.audit.signing-key'))`.execute(tx);
        row = (await newestSigningKey(tx)) ?? (await createSigningKey(tx, platformKey));
      }
      const der = decrypt(platformKey, Buffer.from(row.private_key_sealed), SIGNING_KEY_AAD);
      try {
        return {
          id: row.id,
          privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
        };
      } finally {
        der.fill(0);
      }
    });
  } finally {
    platformKey.fill(0);
  }
}

function newestSigningKey(tx: Tx) {
  return tx
    .selectFrom('audit_signing_key')
    .select(['id', 'private_key_sealed'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

async function createSigningKey(tx: Tx, platformKey: Buffer) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const row = {
    id: signingKeyId(spki),
    public_key: spki,
    private_key_sealed: encrypt(platformKey, pkcs8, SIGNING_KEY_AAD),
  };
  pkcs8.fill(0);
  await tx.insertInto('audit_signing_key').values(row).execute();
  return row;
}

/** A key's id: the first 8 bytes (hex) of SHA-256 over its public key, so the id names it. */
export function signingKeyId(spki: Buffer): string {
  return createHash('sha256').update(spki).digest('hex').slice(0, 16);
}

/** The public keys that may have signed checkpoints, by id (for verify: no secret needed). */
export async function checkpointPublicKeys(tx: Tx): Promise<Map<string, KeyObject>> {
  const rows = await tx.selectFrom('audit_signing_key').select(['id', 'public_key']).execute();
  return new Map(
    rows.map((r) => [
      r.id,
      createPublicKey({ key: Buffer.from(r.public_key), format: 'der', type: 'spki' }),
    ]),
  );
}

/**
 * Runs {@link checkpointChains} every `intervalMs` (the thresholds decide which chains are
 * due) until stopped. Every node may run it: the per-chain lock keeps the work single.
 */
export function startCheckpointing(
  db: HavenDatabase,
  keyring: Keyring,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => checkpointChains(db, keyring))
      .catch((error: unknown) => options.onError?.(error));
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
