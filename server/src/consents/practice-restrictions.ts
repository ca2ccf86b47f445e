/**
 * The practice's side of restriction requests (RIGHT-6): a privacy officer lists them and
 * grants or denies each, with a reason (required to deny, so the patient learns why). Only a
 * granted restriction binds the access decision. The caller has checked the privacy officer's
 * role and clearance (requirePatientDataAccess).
 */
import type { Consent } from '@medplum/fhirtypes';
import { tenantTransaction, type Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { RecordKeys } from '../records/record-keys.js';
import {
  locateResource,
  readCompartment,
  readCurrentVersion,
  writeVersion,
} from '../records/record-store.js';
import { auditConsentChange, auditRestrictionReview, type RequestMeta } from './consent-audit.js';
import { decideRestriction } from './consent-coding.js';
import { consentKindOf } from './consent-facts.js';
import { restrictionView, type RestrictionView } from './consent-views.js';

/**
 * The practice's restriction requests, optionally in one state, newest change first. Each
 * patient shown gets a `search` entry in the audit log: this reads their records.
 */
export async function listPracticeRestrictions(
  deps: IdentityDeps,
  tenantId: string,
  status: RestrictionView['status'] | undefined,
  meta: RequestMeta,
): Promise<RestrictionView[]> {
  const patientIds = await tenantTransaction(deps.db, tenantId, (tx) =>
    patientsWithConsents(tx, tenantId),
  );
  const keys = await RecordKeys.load(deps.keyring, tenantId, patientIds, { create: false });
  const readable = patientIds.filter((id) => keys.has(id));
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const found: RestrictionView[] = [];
    for (const patientId of readable) {
      const versions = await readCompartment(tx, tenantId, keys, patientId, ['Consent']);
      found.push(...versions.flatMap((v) => restrictionView(v) ?? []));
    }
    const shown = found.filter((r) => status === undefined || r.status === status);
    await auditRestrictionReview(tx, tenantId, [...new Set(shown.map((r) => r.patientId))], meta);
    return shown.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  });
}

/**
 * Grants or denies a requested restriction. A restriction already decided is a 409: reversing a
 * decision is a new request, so each decision stays in the history as it was made.
 */
export async function decidePracticeRestriction(
  deps: IdentityDeps,
  tenantId: string,
  restrictionId: string,
  input: { decision: 'granted' | 'denied'; reason?: string },
  meta: RequestMeta,
): Promise<RestrictionView> {
  const reason = input.reason?.trim();
  if (input.decision === 'denied' && !reason) {
    throw new AppError('validation_failed', 'A denial needs a reason the patient can read.', [
      { location: '/reason', message: 'is required to deny' },
    ]);
  }
  const location = await tenantTransaction(deps.db, tenantId, (tx) =>
    locateResource(tx, tenantId, 'Consent', restrictionId),
  );
  const patientId = location?.patientId;
  if (!location || location.deleted || !patientId) throw notFound();
  const keys = await RecordKeys.load(deps.keyring, tenantId, [patientId], { create: false });
  if (!keys.has(patientId)) throw notFound();
  const now = deps.now();
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const current = await readCurrentVersion(tx, tenantId, keys, 'Consent', restrictionId);
    const consent = current?.resource as Consent | undefined;
    if (!current || current.deleted || !consent || consentKindOf(consent) !== 'restriction') {
      throw notFound();
    }
    if (consent.status !== 'proposed') {
      throw new AppError('conflict', 'This restriction request has already been decided.');
    }
    const decided = decideRestriction(consent, {
      decision: input.decision,
      decidedBy: meta.actorUserId,
      at: now,
      ...(reason ? { reason } : {}),
    });
    // Two officers deciding at once: the version's primary key makes the second a 409.
    const stored = await writeVersion(tx, tenantId, keys, decided, {
      now,
      expectedVersion: current.versionId,
    });
    const what = input.decision === 'granted' ? 'restriction_granted' : 'restriction_denied';
    await auditConsentChange(tx, { tenantId, patientId, consentId: stored.id, what }, meta);
    const view = restrictionView(stored);
    if (!view) throw new Error('A decided restriction did not map to its view');
    return view;
  });
}

/**
 * The patients of the practice who have any Consent resource. Only clear columns are read
 * (resource type and patient id), so no key is needed to find whose consents to open.
 * This belongs in records/ (a "patients with resources of a type" read); kept here until the
 * records owner adds one.
 */
async function patientsWithConsents(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('fhir_resource')
    .select('patient_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('resource_type', '=', 'Consent')
    .where('patient_id', 'is not', null)
    .orderBy('patient_id')
    .execute();
  return rows.flatMap((r) => (r.patient_id ? [r.patient_id] : []));
}

function notFound(): AppError {
  return new AppError('not_found', 'No such restriction request.');
}
