/**
 * Which second factors an account has, for the sign-in flow and the account page, and the rule
 * that staff must hold a strong one before they reach patient data.
 */
import type { Tx } from '../../db/transactions.js';
import { countPasskeys } from './passkeys.js';
import { remainingRecoveryCodes } from './recovery-codes.js';
import { hasActiveTotp } from './totp.js';

/** The second factors available to an account. */
export interface MfaMethods {
  /** An authenticator app is enrolled and confirmed. */
  totp: boolean;
  /** Registered passkeys or security keys. */
  passkeys: number;
  /** Unused recovery codes. */
  recoveryCodesLeft: number;
  /**
   * E-mailed codes. Every account has an email (app_user.email_sealed is required), so this is
   * always true; it is reported so callers do not hard-code that assumption.
   */
  emailOtp: boolean;
}

/** The second factors `userId` can use. */
export async function mfaMethods(tx: Tx, userId: string): Promise<MfaMethods> {
  // One after another: a transaction is one connection, so running them together gains nothing.
  return {
    totp: await hasActiveTotp(tx, userId),
    passkeys: await countPasskeys(tx, userId),
    recoveryCodesLeft: await remainingRecoveryCodes(tx, userId),
    emailOtp: true,
  };
}

/**
 * True if the account has a factor of its own that does not depend on the mailbox: a confirmed
 * TOTP or a passkey. E-mailed codes and recovery codes do not count, since a mailbox is often
 * reached with the same password, and recovery codes are a fallback, not a factor.
 */
export async function hasStrongMfa(tx: Tx, userId: string): Promise<boolean> {
  return (await hasActiveTotp(tx, userId)) || (await countPasskeys(tx, userId)) > 0;
}
