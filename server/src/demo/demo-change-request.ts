/**
 * One waiting change request in the demo practice, so the console's "Change requests" page shows
 * what the front desk answers: an older patient (never one of the demo sign-ins, who are 15, under
 * 13, or 30 to 60) asks to add their spouse's family name.
 */
import type { Patient, Task } from '@medplum/fhirtypes';
import { newChangeRequestTask } from '../change-requests/change-request.js';

const DAY = 86_400_000;
/** Fixed, like the rest of the demo: the same request on every machine. */
const REQUEST_ID = '0c4a9e52-7d1b-4f3e-9a61-5e2d8b7c3f10';

export function demoChangeRequest(patients: readonly Patient[], now: Date): Task | undefined {
  const older = patients.find(
    (p) => p.birthDate !== undefined && now.getTime() - Date.parse(p.birthDate) > 65 * 365 * DAY,
  );
  const name = older?.name?.find((n) => n.use !== 'old');
  if (!older?.id || !name?.family) return undefined;
  // Asked a week ago, so the page shows a due date three weeks away.
  const asked = new Date(now.getTime() - 7 * DAY);
  const task = newChangeRequestTask(
    older.id,
    { name: { givenNames: name.given ?? [], familyName: `${name.family}-Whitfield` } },
    'I married in September and now use my spouse’s family name as well.',
    asked,
  );
  return { ...task, id: REQUEST_ID };
}
