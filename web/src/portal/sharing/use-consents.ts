/** The open record's permissions (GET/POST /api/me/consents, POST .../:id/revoke). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../api/client';
import { recordKey, useOpenRecord } from '../frame/open-record';

export interface ConsentKindInfo {
  kind: string;
  meaning: string;
  needsGrantee: boolean;
}

export interface Consent {
  id: string;
  kind: string;
  meaning: string;
  status: 'active' | 'revoked';
  grantee?: { id: string; name: string };
  period?: { start?: string; end?: string };
  grantedAt: string;
  updatedAt: string;
}

export interface GrantBody {
  kind: string;
  grantee?: { id: string; name: string };
  period?: { end?: string };
}

export function useConsents() {
  const record = useOpenRecord();
  return useQuery({
    queryKey: recordKey(record, 'consents'),
    queryFn: () => apiGet<{ kinds: ConsentKindInfo[]; consents: Consent[] }>('/api/me/consents'),
    retry: false,
  });
}

function useInvalidateConsents() {
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: recordKey(record, 'consents') });
}

export function useGrantConsent() {
  const invalidate = useInvalidateConsents();
  return useMutation({
    mutationFn: (body: GrantBody) => apiPost<Consent>('/api/me/consents', body),
    onSuccess: invalidate,
  });
}

export function useRevokeConsent() {
  const invalidate = useInvalidateConsents();
  return useMutation({
    mutationFn: (id: string) => apiPost<Consent>(`/api/me/consents/${id}/revoke`),
    onSuccess: invalidate,
  });
}
