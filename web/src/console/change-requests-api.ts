/**
 * Patients' requests to change their name, birth date or gender, as staff see them (GET
 * /api/practices/:tenantId/change-requests, the open ones oldest first) and the decision on one.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../api/client';
import { consoleKey, practicePath } from './console-api';
import { useConsolePractice } from './practice-context';

/** Roles that see the queue (and get its navigation entry). */
export const CHANGE_REQUEST_READERS = [
  'front_desk',
  'clinician',
  'nurse',
  'privacy_officer',
  'practice_admin',
] as const;
/**
 * Roles the server lets accept or decline (accepting rewrites the Patient, which is the desk's
 * or a clinician's to do); a practice administrator or privacy officer alone only reads.
 */
export const CHANGE_REQUEST_DECIDERS = ['front_desk', 'clinician', 'nurse'];

export interface IdentityValues {
  givenNames: string[];
  familyName: string;
  birthDate?: string;
  gender?: string;
}

export interface StaffChangeRequest {
  id: string;
  patientId: string;
  status: 'requested' | 'accepted' | 'declined' | 'withdrawn';
  requestedAt: string;
  dueBy: string;
  changes: {
    name?: { givenNames: string[]; familyName: string };
    birthDate?: string;
    gender?: string;
  };
  reason: string;
  decisionReason?: string;
  decidedAt?: string;
  current: IdentityValues;
}

export type Decision = 'accept' | 'decline';

export function useChangeRequests() {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: consoleKey(tenantId, 'change-requests'),
    queryFn: async () =>
      (
        await apiGet<{ requests: StaffChangeRequest[] }>(
          `${practicePath(tenantId)}/change-requests`,
        )
      ).requests,
  });
}

/** Accepting or declining one request; the queue is read again either way (it may be gone). */
export function useDecideChangeRequest(requestId: string) {
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { decision: Decision; reason?: string }) =>
      apiPost<StaffChangeRequest>(
        `${practicePath(tenantId)}/change-requests/${encodeURIComponent(requestId)}/decision`,
        input,
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: consoleKey(tenantId, 'change-requests') });
    },
  });
}
