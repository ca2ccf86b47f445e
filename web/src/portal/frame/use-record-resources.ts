/**
 * Reads entries of the open record by resource type (GET /api/me/record/records?type=...),
 * keyed by the record so switching records never shows the previous one's data.
 */
import type { Resource } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import { recordKey, useOpenRecord } from './open-record';

export function useRecordResources(types: readonly string[]) {
  const record = useOpenRecord();
  const typeList = types.join(',');
  return useQuery({
    queryKey: recordKey(record, 'resources', typeList),
    queryFn: async () => {
      const answer = await apiGet<{ resources: Resource[] }>(
        `/api/me/record/records?type=${encodeURIComponent(typeList)}`,
      );
      return answer.resources;
    },
  });
}
