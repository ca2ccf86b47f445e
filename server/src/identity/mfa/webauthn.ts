/**
 * Passkeys and security keys (WebAuthn) as a second factor, on @simplewebauthn/server.
 * Attestation is 'none' (Haven trusts the user's choice of authenticator, and asking for
 * attestation only adds privacy-revealing prompts); user verification is 'preferred', since
 * the password is the other factor.
 */
import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import type { Passkey } from './passkeys.js';
import { CHALLENGE_TTL_MS, storeChallenge, takeChallenge } from './webauthn-challenges.js';

/** The relying party: Haven as the browser sees it. */
export interface RelyingParty {
  /** The registrable domain, e.g. `haven.example`. */
  rpId: string;
  /** Shown by the browser, e.g. `Haven`. */
  rpName: string;
  /** The exact origin the ceremony must come from, e.g. `https://haven.example`. */
  origin: string;
}

/** The account a passkey is being registered for. */
export interface WebauthnUser {
  id: string;
  /** What the authenticator lists the passkey under; usually the email. */
  name: string;
  displayName: string;
}

const MAX_NAME_LENGTH = 64;

// The WebAuthn user handle is the account id's 16 bytes: opaque, stable (so an authenticator
// replaces rather than duplicates its passkey for the account) and free of personal data.
function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));
}

async function credentialsOf(tx: Tx, userId: string) {
  return tx
    .selectFrom('mfa_passkey')
    .select(['credential_id', 'transports'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/**
 * Options for `navigator.credentials.create()`. The challenge is stored server-side (replacing
 * an outstanding one) and the user's existing credentials are excluded, so one authenticator
 * is not registered twice.
 */
export async function registrationOptions(
  tx: Tx,
  user: WebauthnUser,
  rp: RelyingParty,
  now: Date = new Date(),
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await credentialsOf(tx, user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpId,
    userName: user.name,
    userDisplayName: user.displayName,
    userID: userHandle(user.id),
    timeout: CHALLENGE_TTL_MS,
    attestationType: 'none',
    excludeCredentials: existing.map((row) => ({
      id: row.credential_id,
      transports: row.transports,
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await storeChallenge(tx, user.id, 'registration', options.challenge, now);
  return options;
}

function passkeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
    throw new AppError('validation_failed', 'The passkey name must be 1 to 64 characters.', [
      { location: '/name', message: 'must be 1 to 64 characters' },
    ]);
  }
  return trimmed;
}

/**
 * Verifies the browser's answer to {@link registrationOptions} and stores the credential.
 * Returns the new passkey, or null if the response does not verify (wrong origin or RP id,
 * unknown, expired or already used challenge, bad attestation). The challenge is consumed
 * either way.
 *
 * @throws {AppError} `validation_failed` for a bad name; `conflict` if the credential is
 *   already registered.
 */
export async function verifyRegistration(
  tx: Tx,
  userId: string,
  response: RegistrationResponseJSON,
  rp: RelyingParty,
  options: { name: string; now?: Date },
): Promise<Passkey | null> {
  const name = passkeyName(options.name);
  const now = options.now ?? new Date();
  const clientData = response.response?.clientDataJSON;
  const challenge = await takeChallenge(tx, userId, 'registration', clientData, now);
  if (challenge === undefined) return null;
  let info;
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    info = result.registrationInfo;
  } catch {
    // The library throws for every malformed or mismatched response; to the caller they are
    // all the same answer: not verified.
    return null;
  }
  const transports = info.credential.transports ?? [];
  const inserted = await tx
    .insertInto('mfa_passkey')
    .values({
      id: randomUUID(),
      user_id: userId,
      credential_id: info.credential.id,
      public_key: Buffer.from(info.credential.publicKey),
      counter: info.credential.counter,
      transports: JSON.stringify(transports),
      device_type: info.credentialDeviceType,
      backed_up: info.credentialBackedUp,
      name,
      created_at: now,
    })
    .onConflict((oc) => oc.column('credential_id').doNothing())
    .returning(['id', 'created_at'])
    .executeTakeFirst();
  if (!inserted) throw new AppError('conflict', 'This passkey is already registered.');
  return {
    id: inserted.id,
    name,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    transports,
    createdAt: new Date(inserted.created_at),
    lastUsedAt: null,
  };
}

/** Options for `navigator.credentials.get()`, allowing the user's registered credentials. */
export async function authenticationOptions(
  tx: Tx,
  userId: string,
  rp: RelyingParty,
  now: Date = new Date(),
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const existing = await credentialsOf(tx, userId);
  const options = await generateAuthenticationOptions({
    rpID: rp.rpId,
    allowCredentials: existing.map((row) => ({
      id: row.credential_id,
      transports: row.transports,
    })),
    userVerification: 'preferred',
    timeout: CHALLENGE_TTL_MS,
  });
  await storeChallenge(tx, userId, 'authentication', options.challenge, now);
  return options;
}

/**
 * Verifies the browser's answer to {@link authenticationOptions} against the user's own
 * credential. True only if the challenge is the outstanding one (consumed either way), the
 * origin, RP id and signature check out, and the signature counter moved forward (both zero is
 * allowed: many passkeys never count). A counter going backwards suggests a cloned
 * authenticator and fails.
 */
export async function verifyAuthentication(
  tx: Tx,
  userId: string,
  response: AuthenticationResponseJSON,
  rp: RelyingParty,
  now: Date = new Date(),
): Promise<boolean> {
  const clientData = response.response?.clientDataJSON;
  const challenge = await takeChallenge(tx, userId, 'authentication', clientData, now);
  if (challenge === undefined || typeof response.id !== 'string') return false;
  const stored = await tx
    .selectFrom('mfa_passkey')
    .select(['id', 'credential_id', 'public_key', 'counter', 'transports'])
    .where('user_id', '=', userId)
    .where('credential_id', '=', response.id)
    .executeTakeFirst();
  if (!stored) return false;
  const storedCounter = Number(stored.counter);
  let info;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      credential: {
        id: stored.credential_id,
        publicKey: new Uint8Array(stored.public_key),
        counter: storedCounter,
        transports: stored.transports,
      },
      requireUserVerification: false,
    });
    if (!result.verified) return false;
    info = result.authenticationInfo;
  } catch {
    return false;
  }
  // The library refused a counter that did not move forward from the stored one. Updating only
  // if the stored one is unchanged means two concurrent uses of one counter value (a cloned key
  // racing the real one) cannot both pass.
  const updated = await tx
    .updateTable('mfa_passkey')
    .set({ counter: info.newCounter, backed_up: info.credentialBackedUp, last_used_at: now })
    .where('id', '=', stored.id)
    .where('counter', '=', storedCounter)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}
