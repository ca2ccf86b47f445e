/**
 * Who treats whom in the demo practice, so the access gate has something to decide: the first
 * clinician and the nurse are on the care team of every patient but the last five (whose charts
 * that clinician opens only by breaking the glass); the second clinician treats every third
 * patient and none of the last five. Only the first clinician may see sensitive categories.
 */
import { addCareRelationship } from '../care/care-relationships.js';
import { setSensitiveLabels } from '../care/sensitive-access.js';
import type { Tx } from '../db/transactions.js';

/** Patients at the end of the list that the first clinician does not treat. */
export const DEMO_UNTREATED_PATIENTS = 5;

export async function seedDemoCareTeams(
  tx: Tx,
  input: {
    tenantId: string;
    staff: readonly { userId: string; member: { email: string; role: string } }[];
    patientIds: readonly string[];
    addedBy: string;
    now: Date;
  },
): Promise<void> {
  const byEmail = (prefix: string) =>
    input.staff.find((s) => s.member.email.startsWith(`${prefix}@`))?.userId;
  const clinician = byEmail('clinician');
  const clinician2 = byEmail('clinician2');
  const nurse = byEmail('nurse');
  const treated = input.patientIds.length - DEMO_UNTREATED_PATIENTS;
  for (const [index, patientId] of input.patientIds.entries()) {
    const team = [
      ...(index < treated ? [clinician, nurse] : []),
      ...(index < treated && index % 3 === 0 ? [clinician2] : []),
    ];
    for (const userId of team) {
      if (!userId) continue;
      await addCareRelationship(tx, {
        tenantId: input.tenantId,
        patientId,
        userId,
        kind: 'care_team',
        sourceId: patientId,
        startsAt: input.now,
        addedBy: input.addedBy,
      });
    }
  }
  if (clinician) {
    await setSensitiveLabels(tx, {
      tenantId: input.tenantId,
      userId: clinician,
      labels: ['PSY', 'ETH', 'HIV', 'SEX'],
      grantedBy: input.addedBy,
    });
  }
}
