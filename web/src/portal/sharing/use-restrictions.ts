/** The open record's restriction requests (GET/POST /api/me/restrictions). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../api/client';
import { recordKey, useOpenRecord } from '../frame/open-record';

export interface Restriction {
  id: string;
  status: 'requested' | 'granted' | 'denied';
  categories: string[];
  resourceTypes: string[];
  appliesToRole?: string;
  appliesToUserId?: string;
  reason?: string;
  decision?: { reason?: string; decidedBy: string; decidedAt: string };
  requestedAt: string;
}

export interface RestrictionRequest {
  categories: string[];
  appliesToRole?: string;
  reason?: string;
}

export const SENSITIVE = ['PSY', 'ETH', 'SEX', 'HIV', 'GDIS', 'BH', 'SDV', 'STD'] as const;
export const RECORD_PARTS = [
  'notes',
  'results',
  'medications',
  'clinical',
  'messaging',
  'coverage',
] as const;
export { STAFF_ROLES } from '../../session/session';

export function useRestrictions() {
  const record = useOpenRecord();
  return useQuery({
    queryKey: recordKey(record, 'restrictions'),
    queryFn: async () =>
      (await apiGet<{ restrictions: Restriction[] }>('/api/me/restrictions')).restrictions,
    retry: false,
  });
}

export function useRequestRestriction() {
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RestrictionRequest) => apiPost<Restriction>('/api/me/restrictions', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKey(record, 'restrictions') }),
  });
}
