/**
 * Who is signed in, as the server says: GET /api/auth/session (stage and CSRF token) and
 * GET /api/me (name and practice roles). The query cache is the only place the app keeps
 * anything, in memory; signing out, or being timed out, clears it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { apiGet, apiPost, setCsrfToken } from '../api/client';

export interface SessionAnswer {
  signedIn: boolean;
  stage?: 'mfa' | 'active';
  csrfToken?: string;
  idleTimeoutSeconds?: number;
}

export interface Membership {
  tenantId: string;
  role: string;
}

export interface Me {
  userId: string;
  displayName: string;
  email: string;
  memberships: Membership[];
}

export const STAFF_ROLES = [
  'clinician',
  'nurse',
  'front_desk',
  'billing',
  'practice_admin',
  'privacy_officer',
  'researcher',
] as const;

export interface SessionState {
  loading: boolean;
  stage: 'signed_out' | 'mfa' | 'active';
  me: Me | undefined;
  idleTimeoutSeconds: number;
  /** Practices where the person holds a staff role, with those roles. */
  staffPractices: { tenantId: string; roles: string[] }[];
  /** Re-reads the session after sign-in or a change of privilege. */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);
export const SESSION_KEY = ['session'] as const;
export const ME_KEY = ['me'] as const;

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const answer = await apiGet<SessionAnswer>('/api/auth/session');
      setCsrfToken(answer.csrfToken);
      return answer;
    },
    staleTime: Infinity,
  });
  const active = session.data?.signedIn === true;
  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: () => apiGet<Me>('/api/me'),
    enabled: active,
    staleTime: 60_000,
  });

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
  }, [queryClient]);

  const signOut = useCallback(async () => {
    try {
      await apiPost('/api/auth/sign-out');
    } finally {
      setCsrfToken(undefined);
      queryClient.clear();
    }
  }, [queryClient]);

  const value = useMemo<SessionState>(() => {
    const stage = active ? 'active' : session.data?.stage === 'mfa' ? 'mfa' : 'signed_out';
    const byPractice = new Map<string, string[]>();
    for (const m of me.data?.memberships ?? []) {
      if (!(STAFF_ROLES as readonly string[]).includes(m.role)) continue;
      byPractice.set(m.tenantId, [...(byPractice.get(m.tenantId) ?? []), m.role]);
    }
    return {
      loading: session.isPending || (active && me.isPending),
      stage,
      me: me.data,
      idleTimeoutSeconds: session.data?.idleTimeoutSeconds ?? 900,
      staffPractices: [...byPractice].map(([tenantId, roles]) => ({ tenantId, roles })),
      refresh,
      signOut,
    };
  }, [active, me.data, me.isPending, refresh, session.data, session.isPending, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
