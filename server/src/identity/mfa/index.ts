// The public face of multi-factor authentication. Import from here, not from the files. Every
// function works inside a transaction the caller opens with systemTransaction (the MFA tables
// are platform-level and outside the tenant wall). A failed check still writes (an e-mailed
// code's attempt, a consumed WebAuthn challenge): let that transaction commit and answer with
// the error afterwards, or a rollback would undo the limit.
export {
  EMAIL_CODE_ISSUE_WINDOW_MS,
  EMAIL_CODE_MAX_ATTEMPTS,
  EMAIL_CODE_MAX_ISSUED,
  EMAIL_CODE_TTL_MS,
  issueEmailCode,
  verifyEmailCode,
} from './email-otp.js';
export { hasStrongMfa, mfaMethods, type MfaMethods } from './mfa-status.js';
export { countPasskeys, listPasskeys, removePasskey, type Passkey } from './passkeys.js';
export {
  RECOVERY_CODE_COUNT,
  consumeRecoveryCode,
  generateRecoveryCodes,
  remainingRecoveryCodes,
} from './recovery-codes.js';
export {
  confirmTotpEnrolment,
  hasActiveTotp,
  removeTotp,
  startTotpEnrolment,
  totpCodeAt,
  unsafeActiveTotpSecret,
  verifyTotp,
  type TotpEnrolment,
  type TotpLabel,
} from './totp.js';
export { CHALLENGE_TTL_MS as WEBAUTHN_CHALLENGE_TTL_MS } from './webauthn-challenges.js';
export {
  authenticationOptions,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
  type RelyingParty,
  type WebauthnUser,
} from './webauthn.js';
