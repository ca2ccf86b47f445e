/**
 * The sign-in calls and their answers (server/src/identity/routes/auth-routes.ts). Every
 * successful answer carries a CSRF token the page must hand to the api client.
 */
import { apiPost } from '../api/client';

export type SecondFactorName = 'totp' | 'passkey' | 'email_code' | 'recovery_code';

/** When the page was reloaded mid sign-in, the methods are unknown: all are offered. */
export const ALL_SECOND_FACTORS: SecondFactorName[] = [
  'totp',
  'passkey',
  'email_code',
  'recovery_code',
];

export interface SignedInAnswer {
  stage: 'mfa' | 'active';
  csrfToken: string;
  secondFactors?: SecondFactorName[];
}

export function signInWithPassword(email: string, password: string): Promise<SignedInAnswer> {
  return apiPost<SignedInAnswer>('/api/auth/sign-in', { email, password });
}

export function completeSecondFactor(
  body: { method: SecondFactorName; code: string } | { method: 'passkey'; response: unknown },
): Promise<SignedInAnswer> {
  return apiPost<SignedInAnswer>('/api/auth/second-factor', body);
}
