/**
 * The practice's calendar as the console reads it (GET /api/practices/:tenantId/schedule): one
 * local day at a time, soonest first, with the patient's name and never the reason.
 */
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/client';
import { consoleKey, practicePath } from './console-api';
import { useConsolePractice } from './practice-context';
import { dayBounds } from './schedule-days';

/** Roles whose `scheduling` permission lets them read appointments (and see the page). */
export const SCHEDULE_READERS = ['front_desk', 'clinician', 'nurse', 'practice_admin'] as const;

/** Restates server/src/schedule/practice-schedule.ts (the web app cannot import server code). */
export interface ScheduleEntry {
  id: string;
  status: string;
  start: string;
  end?: string;
  kind: string;
  with: string[];
  patientId: string | null;
  patientName: string | null;
}

export function useSchedule(day: string) {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: consoleKey(tenantId, 'schedule', day),
    queryFn: async () => {
      const { from, to } = dayBounds(day);
      const query = new URLSearchParams({ from, to });
      return (
        await apiGet<{ appointments: ScheduleEntry[] }>(
          `${practicePath(tenantId)}/schedule?${query.toString()}`,
        )
      ).appointments;
    },
  });
}
