/**
 * The practice's self-service policy (GET/PUT /api/practices/:tenantId/self-service): which
 * contact details its patients change themselves, and whether they may ask to change their
 * name, birth date and gender. Only a practice administrator changes it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPut } from '../api/client';
import { consoleKey, practicePath } from './console-api';
import { useConsolePractice } from './practice-context';

export type ContactMode = 'self' | 'practice';
export type IdentityMode = 'request' | 'practice';
export const CONTACT_GROUPS = ['contact', 'address', 'emergencyContacts', 'language'] as const;
export const IDENTITY_FIELDS = ['name', 'birthDate', 'gender'] as const;
export type SelfServicePolicy = Record<(typeof CONTACT_GROUPS)[number], ContactMode> &
  Record<(typeof IDENTITY_FIELDS)[number], IdentityMode>;

const policyPath = (tenantId: string) => `${practicePath(tenantId)}/self-service`;

export function useSelfServicePolicy() {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: consoleKey(tenantId, 'self-service'),
    queryFn: () => apiGet<SelfServicePolicy>(policyPath(tenantId)),
  });
}

export function useSaveSelfServicePolicy() {
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (policy: SelfServicePolicy) =>
      apiPut<SelfServicePolicy>(policyPath(tenantId), policy),
    onSuccess: (saved) => queryClient.setQueryData(consoleKey(tenantId, 'self-service'), saved),
  });
}
