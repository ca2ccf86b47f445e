/**
 * The proxies of my own record in a practice (GET /api/me/proxies?tenantId=), giving access
 * (POST /api/me/proxies) and taking it back (POST /api/me/proxies/:grantId/revoke).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../api/client';

export interface ProxyGrant {
  id: string;
  tenantId: string;
  proxyDisplayName: string;
  relationship: string;
  basis: string;
  scopes: string[];
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: string;
}

export interface GrantRequest {
  tenantId: string;
  proxyEmail: string;
  relationship: 'caregiver' | 'parent' | 'legal_guardian';
  scopes: string[];
  expiresAt?: string;
}

export const SCOPES = ['read', 'messaging', 'appointments', 'billing'] as const;
export const RELATIONSHIPS = ['caregiver', 'parent', 'legal_guardian'] as const;
const KEY = ['portal', 'proxies'] as const;

export function useMyProxies(tenantId: string) {
  return useQuery({
    queryKey: [...KEY, tenantId],
    queryFn: () => apiGet<ProxyGrant[]>(`/api/me/proxies?tenantId=${encodeURIComponent(tenantId)}`),
  });
}

export function useGrantProxy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GrantRequest) => apiPost<ProxyGrant>('/api/me/proxies', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeProxy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grantId: string) => apiPost<ProxyGrant>(`/api/me/proxies/${grantId}/revoke`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: KEY });
      await queryClient.invalidateQueries({ queryKey: ['portal', 'my-records'] });
    },
  });
}
