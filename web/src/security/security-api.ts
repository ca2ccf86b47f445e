/**
 * What the security page reads from Haven (server/src/identity/routes/account-routes.ts and
 * mfa-routes.ts), under query keys beginning with 'security', and the one thing every change
 * of second factor must do afterwards: take the session's new CSRF token when the server
 * rotated it (a privilege change), then re-read the session and this page's data.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiGet, setCsrfToken } from '../api/client';
import { useSession } from '../session/session';

export const SECURITY_KEY = ['security'] as const;
export const SESSIONS_KEY = ['security', 'sessions'] as const;
export const SIGN_INS_KEY = ['security', 'sign-ins'] as const;
export const MFA_KEY = ['security', 'mfa'] as const;

export interface LiveSession {
  id: string;
  current: boolean;
  browser: string | null;
  ip: string | null;
  firstSeen: string;
  lastSeen: string;
}

export interface SignInEntry {
  at: string;
  outcome: string;
  ip: string | null;
  browser: string | null;
}

export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
}

export interface MfaStatus {
  totp: boolean;
  emailCode: boolean;
  recoveryCodesLeft: number;
  passkeys: Passkey[];
}

export const useSessions = () =>
  useQuery({ queryKey: SESSIONS_KEY, queryFn: () => apiGet<LiveSession[]>('/api/me/sessions') });

export const useSignIns = () =>
  useQuery({ queryKey: SIGN_INS_KEY, queryFn: () => apiGet<SignInEntry[]>('/api/me/sign-ins') });

export const useMfa = () =>
  useQuery({ queryKey: MFA_KEY, queryFn: () => apiGet<MfaStatus>('/api/me/mfa') });

/** Call after any change to second factors, with the answer if it carried a new CSRF token. */
export function useAfterMfaChange(): (answer?: { csrfToken?: string }) => Promise<void> {
  const queryClient = useQueryClient();
  const { refresh } = useSession();
  return useCallback(
    async (answer) => {
      if (answer?.csrfToken) {
        setCsrfToken(answer.csrfToken);
        await refresh();
      }
      await queryClient.invalidateQueries({ queryKey: SECURITY_KEY });
    },
    [queryClient, refresh],
  );
}
