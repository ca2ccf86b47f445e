/**
 * The staff page's data and changes: the practice's staff list and the calls that change a
 * member's roles or licence. Every change refreshes the list (and the signed-in person's own
 * roles, in case they changed their own).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiDelete, apiGet, apiPost, apiPut } from '../api/client';
import { ME_KEY } from '../session/session';
import { consoleKey, practicePath, type Clearance } from './console-api';
import { useConsolePractice } from './practice-context';

/** Every staff role, in the order the console lists them. */
export { STAFF_ROLES as ALL_ROLES } from '../session/session';

export interface StaffLicence {
  issuingState: string;
  expiresOn: string;
  verification: 'verified' | 'unverified' | 'rejected';
  numberLastFour?: string;
}

export interface StaffMember {
  userId: string;
  displayName: string;
  email: string;
  roles: string[];
  licence: StaffLicence | null;
  lastAttestation: { version: string; signedAt: string } | null;
  clearance: Clearance;
}

export function useStaffList() {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: consoleKey(tenantId, 'staff'),
    queryFn: () => apiGet<StaffMember[]>(`${practicePath(tenantId)}/staff`),
  });
}

/** A change to one staff member, refreshing the list when it is done. */
export function useStaffChange<T>(
  userId: string,
  send: (base: string, input: T) => Promise<unknown>,
) {
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: T) => send(`${practicePath(tenantId)}/staff/${userId}`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: consoleKey(tenantId, 'staff') });
      await queryClient.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

export const addRole = (base: string, role: string) => apiPost(`${base}/roles`, { role });
export const removeRole = (base: string, role: string) => apiDelete(`${base}/roles/${role}`);
export const decideLicence = (base: string, decision: 'verified' | 'rejected') =>
  apiPost(`${base}/licence/verification`, { decision });
export const recordLicence = (
  base: string,
  licence: { number: string; issuingState: string; expiresOn: string },
) => apiPut(`${base}/licence`, licence);
