/**
 * The writes of one message, inside its tenant transaction: each resource as a new version
 * (validated first, so nothing half-valid is stored), the links that let later corrections find
 * them, and one audit entry per patient, type and action. Keys were fetched before.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import { categoryOf } from '../../access/role-permissions.js';
import { appendInTransaction, type AuditEntryInput } from '../../audit/index.js';
import type { Tx } from '../../db/transactions.js';
import { assertValidResource } from '../../fhir/validation/index.js';
import type { RecordKeys } from '../../records/record-keys.js';
import { readCurrentVersion, writeVersion } from '../../records/record-store.js';
import { FeedError } from './hl7-ack.js';
import { insertLinks } from './feed-store.js';
import { mergePatient } from './pid-to-patient.js';
import type { Work } from './feed-work.js';

/** Who the writes are attributed to: the feed itself, or the staff member who reconciled. */
export interface FeedActor {
  userId: string | null;
  reasonCode: 'system_job' | 'feed_reconciliation';
  purposeOfUse: 'SYSADMIN' | 'HOPERAT';
}

export interface Applied {
  created: number;
  updated: number;
}

/**
 * The Patient to write, if any: for ADT, the stored one with the message's demographics; for
 * results reconciled onto a patient, the stored one with the feed's identifier added (so the
 * next message matches), but only when no patient holds that identifier yet.
 */
export async function patientToWrite(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  work: Work,
  patientId: string,
  addIdentifier: boolean,
): Promise<Patient | undefined> {
  const stored = await readCurrentVersion(tx, tenantId, keys, 'Patient', patientId);
  if (stored?.deleted)
    throw new FeedError('AE', 204, 'The patient record has been deleted.', 'PID^1^3');
  const existing = stored?.resource as Patient | undefined;
  if (work.kind === 'ADT^A04' || work.kind === 'ADT^A08')
    return mergePatient(patientId, existing, work.pid);
  if (!existing) throw new FeedError('AE', 204, 'The patient record does not exist.', 'PID^1^3');
  if (!addIdentifier) return undefined;
  return { ...existing, identifier: [...(existing.identifier ?? []), work.mrn] };
}

export async function applyWrites(
  tx: Tx,
  input: {
    tenantId: string;
    keys: RecordKeys;
    resources: Resource[];
    newLinks: { link: string; resourceType: string; id: string }[];
    actor: FeedActor;
    now: Date;
  },
): Promise<Applied> {
  const { tenantId, keys, now } = input;
  for (const resource of input.resources) assertValidResource(resource);
  const audit = new Map<string, AuditEntryInput>();
  const applied: Applied = { created: 0, updated: 0 };
  for (const resource of input.resources) {
    const written = await writeVersion(tx, tenantId, keys, resource, { now });
    const action = written.versionId === 1 ? 'create' : 'update';
    applied[action === 'create' ? 'created' : 'updated'] += 1;
    const key = `${written.patientId} ${resource.resourceType} ${action}`;
    if (!audit.has(key)) {
      audit.set(key, {
        tenantId,
        actorUserId: input.actor.userId,
        patientId: written.patientId,
        action,
        outcome: 'success',
        reasonCode: input.actor.reasonCode,
        purposeOfUse: input.actor.purposeOfUse,
        dataCategory: categoryOf(resource.resourceType) ?? 'unknown',
        resourceType: resource.resourceType,
        // One entry per patient, type and action: the id only when it names one record.
        ...(input.resources.filter((r) => r.resourceType === resource.resourceType).length === 1
          ? { resourceId: written.id }
          : {}),
      });
    }
  }
  await insertLinks(tx, tenantId, input.newLinks);
  // Last in the transaction: from here to COMMIT it holds an audit chain's head.
  await appendInTransaction(tx, [...audit.values()]);
  return applied;
}
