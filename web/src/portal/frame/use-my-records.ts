/**
 * Whose records this person can open, and which one is open: one query every portal page
 * shares, and the switch that changes it (every portal query is then re-read).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../api/client';
import type { MyRecords, OpenRecord } from './types';

export const MY_RECORDS_KEY = ['portal', 'my-records'] as const;

export function useMyRecords() {
  return useQuery({
    queryKey: MY_RECORDS_KEY,
    queryFn: () => apiGet<MyRecords>('/api/me/records'),
    staleTime: 30_000,
  });
}

/** The open record with its practice and limits, or undefined when none is open. */
export function openRecordOf(records: MyRecords): OpenRecord | undefined {
  const current = records.current;
  if (!current) return undefined;
  const same = (r: { tenantId: string; patientId: string | null }) =>
    r.tenantId === current.tenantId && r.patientId === current.patientId;
  const proxied = current.self ? undefined : records.proxied.find(same);
  const own = records.own.find(same);
  return {
    ...current,
    practiceName: proxied?.practiceName ?? own?.practiceName ?? '',
    excludedCategories: proxied?.excludedCategories ?? [],
    scopes: proxied?.scopes ?? ['read', 'messaging', 'appointments', 'billing'],
  };
}

export type SwitchTarget = { tenantId: string; patientId: string } | { self: true };

/** Opens another record; every portal query is re-read, so no page shows the old one. */
export function useSwitchRecord() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: SwitchTarget) =>
      apiPost<{ displayName: string | null }>('/api/me/acting-as', target),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: ['portal'], type: 'inactive' });
      await queryClient.invalidateQueries({ queryKey: ['portal'] });
    },
  });
}
