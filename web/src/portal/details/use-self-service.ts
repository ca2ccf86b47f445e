/**
 * What the practice lets the patient change themselves, their name, birth date and gender as
 * the practice holds them, and their requests to change those (GET /api/me/record/self-service,
 * POST /api/me/record/change-requests, server/src/own-details/).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../api/client';
import { recordKey, useOpenRecord } from '../frame/open-record';

/** Contact groups: the patient changes them ('self') or only the practice does. */
export type ContactMode = 'self' | 'practice';
/** Identity fields: the patient asks for a change ('request') or only the practice makes one. */
export type IdentityMode = 'request' | 'practice';

export interface SelfServicePolicy {
  /** Phones and email. */
  contact: ContactMode;
  address: ContactMode;
  emergencyContacts: ContactMode;
  language: ContactMode;
  name: IdentityMode;
  birthDate: IdentityMode;
  gender: IdentityMode;
}

export type ContactGroup = 'contact' | 'address' | 'emergencyContacts' | 'language';
export type IdentityField = 'name' | 'birthDate' | 'gender';
export const IDENTITY_FIELDS: readonly IdentityField[] = ['name', 'birthDate', 'gender'];

export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export interface Identity {
  givenNames: string[];
  familyName: string;
  /** YYYY-MM-DD */
  birthDate?: string;
  gender?: Gender;
}

export interface RequestedChanges {
  name?: { givenNames: string[]; familyName: string };
  birthDate?: string;
  gender?: string;
}

export type ChangeRequestStatus = 'requested' | 'accepted' | 'declined' | 'withdrawn';

export interface ChangeRequest {
  id: string;
  status: ChangeRequestStatus;
  requestedAt: string;
  dueBy: string;
  changes: RequestedChanges;
  reason: string;
  decisionReason?: string;
  decidedAt?: string;
}

export interface SelfService {
  policy: SelfServicePolicy;
  identity: Identity;
  /** Newest first. */
  requests: ChangeRequest[];
  /** False for a proxy: they see, only the patient asks. */
  canEdit: boolean;
}

const PATH = '/api/me/record/self-service';
const REQUESTS = '/api/me/record/change-requests';

export function useSelfService() {
  const record = useOpenRecord();
  return useQuery({
    queryKey: recordKey(record, 'self-service'),
    queryFn: () => apiGet<SelfService>(PATH),
  });
}

/** A change to the requests; the list (and the identity, once decided) is read again after. */
function useRequestChange<T>(send: (input: T) => Promise<ChangeRequest>) {
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: recordKey(record, 'self-service') });
    },
  });
}

export function useAskForChange() {
  return useRequestChange((body: { changes: RequestedChanges; reason: string }) =>
    apiPost<ChangeRequest>(REQUESTS, body),
  );
}

export function useWithdrawRequest() {
  return useRequestChange((id: string) =>
    apiPost<ChangeRequest>(`${REQUESTS}/${encodeURIComponent(id)}/withdraw`),
  );
}
