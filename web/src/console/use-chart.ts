/**
 * What the chart page reads, each through the access gate or its guard on the server: the
 * patient's records (what this person may see of them), whether they are on the care team, and
 * their own running emergency access. All keyed under the chart, so opening emergency access
 * refreshes them together; the grant is re-checked every half minute so the banner and the
 * chart close when it ends.
 */
import type { Resource } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/client';
import { consoleKey, patientPath, type BreakGlassStatus, type CareTeamMember } from './console-api';
import { useConsolePractice } from './practice-context';

export const chartKey = (tenantId: string, patientId: string) =>
  consoleKey(tenantId, 'chart', patientId);

export function useChartRecords(patientId: string) {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: [...chartKey(tenantId, patientId), 'records'],
    queryFn: async () =>
      (await apiGet<{ resources: Resource[] }>(`${patientPath(tenantId, patientId)}/records`))
        .resources,
    retry: false,
  });
}

export function useCareTeam(patientId: string, enabled: boolean) {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: [...chartKey(tenantId, patientId), 'care-team'],
    queryFn: async () =>
      (await apiGet<{ members: CareTeamMember[] }>(`${patientPath(tenantId, patientId)}/care-team`))
        .members,
    enabled,
    retry: false,
  });
}

export function useBreakGlassStatus(patientId: string, enabled: boolean) {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: [...chartKey(tenantId, patientId), 'break-glass'],
    queryFn: () => apiGet<BreakGlassStatus>(`${patientPath(tenantId, patientId)}/break-glass`),
    enabled,
    refetchInterval: 30_000,
  });
}
