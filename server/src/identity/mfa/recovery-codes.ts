/**
 * Recovery codes: ten single-use codes a user writes down, to sign in when their authenticator
 * is lost. Shown once when generated; stored only as keyed hashes.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../db/transactions.js';

/** How many codes a fresh set has. */
export const RECOVERY_CODE_COUNT = 10;

// Crockford's base32: no i, l, o or u, so a code read aloud or copied by hand has no
// look-alikes; on input, o is read as 0 and i or l as 1, as Crockford specifies.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = [4, 4, 4];
const CODE_CHARS = GROUPS.reduce((sum, n) => sum + n, 0);
const SALT_BYTES = 16;

/** A fresh code: 12 random characters (60 bits) in three groups of four. */
function newCode(): string {
  let chars = '';
  for (let i = 0; i < CODE_CHARS; i++) chars += ALPHABET[randomInt(ALPHABET.length)];
  const groups: string[] = [];
  let at = 0;
  for (const size of GROUPS) {
    groups.push(chars.slice(at, at + size));
    at += size;
  }
  return groups.join('-');
}

/** The canonical form of a typed code: case, spaces and hyphens ignored, look-alikes mapped. */
function normalise(code: string): string | undefined {
  const canonical = code
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  if (canonical.length !== CODE_CHARS) return undefined;
  for (const char of canonical) if (!ALPHABET.includes(char)) return undefined;
  return canonical;
}

/**
 * HMAC-SHA256 of the code under its row's random salt. A fast hash is enough here: a slow hash
 * exists to stretch low-entropy secrets such as passwords, while these codes are 60 random bits,
 * so even with the salt in hand (a stolen database) finding one takes around 2^60 hashes. A salt
 * per code means one guess cannot be tested against all ten codes, or all users, at once; the
 * user id in the input means a row copied to another account does not match there.
 */
function hashCode(salt: Buffer, userId: string, canonical: string): Buffer {
  return createHmac('sha256', salt).update(`${userId}\0${canonical}`, 'utf8').digest();
}

/**
 * Replaces the user's recovery codes with {@link RECOVERY_CODE_COUNT} fresh ones and returns
 * them, formatted `xxxx-xxxx-xxxx`, for showing once. Every earlier code stops working.
 */
export async function generateRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.deleteFrom('mfa_recovery_code').where('user_id', '=', userId).execute();
  await tx
    .insertInto('mfa_recovery_code')
    .values(
      codes.map((code, slot) => {
        const salt = randomBytes(SALT_BYTES);
        const canonical = normalise(code) ?? '';
        return { user_id: userId, slot, salt, code_hash: hashCode(salt, userId, canonical) };
      }),
    )
    .execute();
  return codes;
}

/**
 * Uses up one recovery code. True if `code` is one of the user's unused codes; that code then
 * no longer works. Every stored code is compared in constant time and the loop does not stop
 * at a match, so timing says nothing about which code (or whether one) matched.
 */
export async function consumeRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  const canonical = normalise(code);
  if (canonical === undefined) return false;
  const rows = await tx
    .selectFrom('mfa_recovery_code')
    .select(['slot', 'salt', 'code_hash'])
    .where('user_id', '=', userId)
    .execute();
  let matched: { slot: number; hash: Buffer } | undefined;
  for (const row of rows) {
    const stored = Buffer.from(row.code_hash);
    const candidate = hashCode(Buffer.from(row.salt), userId, canonical);
    if (timingSafeEqual(candidate, stored) && matched === undefined) {
      matched = { slot: row.slot, hash: stored };
    }
  }
  if (matched === undefined) return false;
  // Deleting by slot and hash means a concurrent use of the same code, or a regeneration in
  // between, leaves nothing to delete here, and only one request succeeds.
  const result = await tx
    .deleteFrom('mfa_recovery_code')
    .where('user_id', '=', userId)
    .where('slot', '=', matched.slot)
    .where('code_hash', '=', matched.hash)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** How many unused recovery codes the user has left. */
export async function remainingRecoveryCodes(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('mfa_recovery_code')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
