/**
 * Care relationships (SHARE-3): the gate opens a patient's clinical data to a clinician or nurse
 * who treats them, that is who is on the patient's care team or holds an appointment or
 * encounter with them that is in force. Everyone else needs break-the-glass (ACC-5).
 */
import type { Tx } from '../db/transactions.js';
import type { CareRelationshipKind } from './care-tables.js';

/** One relationship in force, as the care-team page shows it. */
export interface CareRelationship {
  userId: string;
  kind: CareRelationshipKind;
  sourceId: string;
  startsAt: Date;
  endsAt: Date | null;
}

/** The relationships with `patientId` in force at `now`, oldest first. */
export async function careRelationshipsOf(
  tx: Tx,
  tenantId: string,
  patientId: string,
  now: Date,
): Promise<CareRelationship[]> {
  const rows = await tx
    .selectFrom('care_relationship')
    .select(['user_id', 'kind', 'source_id', 'starts_at', 'ends_at'])
    .where('tenant_id', '=', tenantId)
    .where('patient_id', '=', patientId)
    .where('starts_at', '<=', now)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .orderBy('starts_at')
    .orderBy('user_id')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    kind: r.kind,
    sourceId: r.source_id,
    startsAt: new Date(r.starts_at),
    endsAt: r.ends_at === null ? null : new Date(r.ends_at),
  }));
}

/** What adding a relationship needs. */
export interface NewCareRelationship {
  tenantId: string;
  patientId: string;
  userId: string;
  kind: CareRelationshipKind;
  /** The appointment or encounter id; for the care team, the patient id. */
  sourceId: string;
  startsAt: Date;
  endsAt?: Date | null;
  addedBy: string | null;
}

/**
 * Records a relationship; returns false when one from the same source is already recorded (a
 * membership ended earlier is not reopened silently: end dates are history).
 */
export async function addCareRelationship(tx: Tx, input: NewCareRelationship): Promise<boolean> {
  const result = await tx
    .insertInto('care_relationship')
    .values({
      tenant_id: input.tenantId,
      patient_id: input.patientId,
      user_id: input.userId,
      kind: input.kind,
      source_id: input.sourceId,
      starts_at: input.startsAt,
      ends_at: input.endsAt ?? null,
      added_by: input.addedBy,
    })
    .onConflict((c) => c.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Ends `userId`'s care-team membership for `patientId` at `now`; false if there was none. */
export async function endCareTeamMembership(
  tx: Tx,
  tenantId: string,
  patientId: string,
  userId: string,
  now: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('care_relationship')
    .set({ ends_at: now })
    .where('tenant_id', '=', tenantId)
    .where('patient_id', '=', patientId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'care_team')
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The patients `userId` treats at `now` (any relationship in force), for lists scoped to a
 * staff member's own patients (the messages inbox). Only opaque ids: what is shown of each
 * patient is still read through the gate.
 */
export async function patientsInCareOf(
  tx: Tx,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<string[]> {
  const rows = await tx
    .selectFrom('care_relationship')
    .select('patient_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('starts_at', '<=', now)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .orderBy('patient_id')
    .execute();
  return rows.map((r) => r.patient_id);
}
