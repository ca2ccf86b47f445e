/**
 * Time-based one-time passwords (RFC 6238) as a second factor: SHA-1, 6 digits, 30-second steps,
 * the parameters every authenticator app supports. The secret is sealed with the platform key
 * and the user id is bound as associated data, so a sealed secret copied onto another account
 * does not open there.
 */
import { Secret, TOTP } from 'otpauth';
import { decrypt, encrypt, recordAad } from '../../crypto/index.js';
import type { Tx } from '../../db/transactions.js';

const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** One step either side absorbs clock drift and a code typed just as it rolled over. */
const WINDOW = 1;
/** 160 bits, the HMAC-SHA1 block-friendly size RFC 4226 recommends. */
const SECRET_BYTES = 20;

/** What the user's authenticator app needs: the secret (for typing in) and the QR code URI. */
export interface TotpEnrolment {
  secretBase32: string;
  otpauthUri: string;
}

/** How the enrolment is shown in the authenticator app. */
export interface TotpLabel {
  issuer: string;
  /** Usually the account's email; shown under the issuer in the app. */
  accountLabel: string;
}

function secretAad(userId: string): Buffer {
  return recordAad({ tenantId: 'platform', resourceType: 'Mfa.totp', id: userId, version: 1 });
}

function totpFor(secret: Secret, label?: TotpLabel): TOTP {
  return new TOTP({
    secret,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    ...(label ? { issuer: label.issuer, label: label.accountLabel } : {}),
  });
}

function stepOf(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
}

/**
 * The time step `code` is valid for (within the window around `now`), or undefined. Spaces are
 * ignored because apps show codes as `123 456`.
 */
function matchingStep(secretBase32: string, code: string, now: Date): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totpFor(Secret.fromBase32(secretBase32)).validate({
    token,
    timestamp: now.getTime(),
    window: WINDOW,
  });
  return delta === null ? undefined : stepOf(now) + delta;
}

function openSecret(platformKey: Buffer, userId: string, sealed: Buffer): string {
  return decrypt(platformKey, Buffer.from(sealed), secretAad(userId)).toString('utf8');
}

/**
 * The code an authenticator app shows for `secretBase32` at `date`. For tests and for reading
 * the demo staff account's code in development; the server never needs it to verify.
 */
export function totpCodeAt(secretBase32: string, date: Date): string {
  return totpFor(Secret.fromBase32(secretBase32)).generate({ timestamp: date.getTime() });
}

/**
 * UNSAFE: the active TOTP secret of an account, in clear. Only for `haven demo totp`, which
 * shows the demo staff's current code in development and refuses anywhere else; nothing that
 * serves requests may call it.
 */
export async function unsafeActiveTotpSecret(
  tx: Tx,
  platformKey: Buffer,
  userId: string,
): Promise<string | undefined> {
  const row = await tx
    .selectFrom('mfa_totp')
    .select('secret_sealed')
    .where('user_id', '=', userId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return row ? openSecret(platformKey, userId, row.secret_sealed) : undefined;
}

/**
 * Creates a fresh secret for `userId` and stores it as pending, replacing an earlier pending one.
 * An active TOTP stays in force until {@link confirmTotpEnrolment} proves the new one.
 */
export async function startTotpEnrolment(
  tx: Tx,
  platformKey: Buffer,
  userId: string,
  label: TotpLabel,
): Promise<TotpEnrolment> {
  const secret = new Secret({ size: SECRET_BYTES });
  const secretBase32 = secret.base32;
  const sealed = encrypt(platformKey, Buffer.from(secretBase32, 'utf8'), secretAad(userId));
  await tx
    .insertInto('mfa_totp')
    .values({ user_id: userId, state: 'pending', secret_sealed: sealed, last_step: null })
    .onConflict((oc) =>
      oc.columns(['user_id', 'state']).doUpdateSet({ secret_sealed: sealed, last_step: null }),
    )
    .execute();
  return { secretBase32, otpauthUri: totpFor(secret, label).toString() };
}

/**
 * Activates the pending secret if `code` is valid for it at `now`, replacing any active one.
 * Returns false (and changes nothing) when there is no pending secret or the code is wrong. The
 * step of the confirming code counts as used, so it cannot then be replayed to sign in.
 */
export async function confirmTotpEnrolment(
  tx: Tx,
  platformKey: Buffer,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const pending = await tx
    .selectFrom('mfa_totp')
    .select('secret_sealed')
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
  if (!pending) return false;
  const step = matchingStep(openSecret(platformKey, userId, pending.secret_sealed), code, now);
  if (step === undefined) return false;
  await tx
    .deleteFrom('mfa_totp')
    .where('user_id', '=', userId)
    .where('state', '=', 'active')
    .execute();
  await tx
    .updateTable('mfa_totp')
    .set({ state: 'active', last_step: step })
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .execute();
  return true;
}

/**
 * Checks a code against the active secret. True only for a valid code whose time step is later
 * than the last accepted one. The step is recorded by a conditional update, so two concurrent
 * requests with the same code cannot both succeed. Callers must rate-limit attempts: three
 * valid codes in a million leave brute force to the limiter.
 */
export async function verifyTotp(
  tx: Tx,
  platformKey: Buffer,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const active = await tx
    .selectFrom('mfa_totp')
    .select('secret_sealed')
    .where('user_id', '=', userId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  if (!active) return false;
  const step = matchingStep(openSecret(platformKey, userId, active.secret_sealed), code, now);
  if (step === undefined) return false;
  const result = await tx
    .updateTable('mfa_totp')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where('state', '=', 'active')
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Removes the user's TOTP, active and pending. Returns whether an active one was removed. */
export async function removeTotp(tx: Tx, userId: string): Promise<boolean> {
  const removed = await tx
    .deleteFrom('mfa_totp')
    .where('user_id', '=', userId)
    .returning('state')
    .execute();
  return removed.some((row) => row.state === 'active');
}

/** Whether the user has an active (confirmed) TOTP. */
export async function hasActiveTotp(tx: Tx, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('mfa_totp')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}
