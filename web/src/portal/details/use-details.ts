/** My contact details (GET/PUT /api/me/record/details, server/src/own-details/). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPut } from '../../api/client';
import { recordKey, useOpenRecord } from '../frame/open-record';

export type PhoneUse = 'mobile' | 'home' | 'work';

export interface OwnDetails {
  phones: { use: PhoneUse; value: string }[];
  email?: string;
  address?: { line: string[]; city: string; state?: string; postalCode?: string; country?: string };
  emergencyContacts: { name: string; relationship: string; phone: string }[];
  preferredLanguage?: string;
}

const PATH = '/api/me/record/details';

export function useOwnDetails() {
  const record = useOpenRecord();
  return useQuery({
    queryKey: recordKey(record, 'details'),
    queryFn: () => apiGet<OwnDetails>(PATH),
  });
}

export function useSaveOwnDetails() {
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (details: OwnDetails) => apiPut<OwnDetails>(PATH, details),
    onSuccess: (saved) => {
      queryClient.setQueryData(recordKey(record, 'details'), saved);
      void queryClient.invalidateQueries({ queryKey: recordKey(record) });
    },
  });
}
