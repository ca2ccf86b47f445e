/**
 * Creates, updates and deletes through the gate. The decision sees the sensitivity labels of
 * both the stored and the new version, so nobody edits a record they could not read, nor
 * relabels one out of reach. A refusal is audited and committed, then answered: 404 when the
 * reason is about whose record it is (never confirming it exists), 403 when the actor's role or
 * clearance does not allow the action at all.
 */
import { randomUUID } from 'node:crypto';
import type { Coding, Resource } from '@medplum/fhirtypes';
import { categoryOf, type AccessAction, type FieldMask, type ReasonCode } from '../access/index.js';
import type { AuditEntryInput } from '../audit/index.js';
import type { Tx } from '../db/transactions.js';
import { AppError, notFound } from '../errors/app-error.js';
import { compartmentLocation, patientCompartmentOf } from '../records/compartment.js';
import { RecordKeys } from '../records/record-keys.js';
import {
  locateResource,
  readCurrentVersion,
  writeVersion,
  type ResourceLocation,
} from '../records/record-store.js';
import type { GateSession, RecordRepository, RepositoryDeps } from './record-repository.js';
import { assertReferencesResolve } from './reference-check.js';

/** One change to a record. */
export type WriteRequest =
  | {
      action: 'create';
      resource: Resource;
      /** The change-request workflow; see AccessTarget.changeRequest. */
      changeRequest?: true;
      /** A patient's own workflow (questionnaire answers); see AccessTarget.patientWorkflow. */
      patientWorkflow?: true;
      /** The messaging workflow; see AccessTarget.messagingWorkflow. */
      messagingWorkflow?: true;
      /** The billing workflow; see AccessTarget.billingWorkflow. */
      billingWorkflow?: true;
    }
  | {
      action: 'update';
      resource: Resource;
      expectedVersion?: number;
      /** The patient's own-details workflow (USE-2); see AccessTarget.ownDetailsUpdate. */
      ownDetails?: true;
      /** The change-request workflow; see AccessTarget.changeRequest. */
      changeRequest?: true;
      /** The messaging workflow; see AccessTarget.messagingWorkflow. */
      messagingWorkflow?: true;
      /** The billing workflow; see AccessTarget.billingWorkflow. */
      billingWorkflow?: true;
    }
  | { action: 'delete'; resourceType: string; id: string };

/** Refusals answered 403: the action itself is not the actor's to do, on anyone's record. */
const FORBIDDEN_REASONS: ReadonlySet<ReasonCode> = new Set([
  'denied_no_role_permission',
  'denied_not_cleared',
  'denied_not_clinical',
  'denied_action_not_permitted',
  'denied_proxy_scope',
  'denied_research_identifiable',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What one write comes to: the stored resource, or why not. */
export type WriteOutcome = { ok: Resource } | { refused: ReasonCode } | { missingPatient: true };

/** A write located and checked before its keys are fetched (outside the gate's transaction). */
export interface PreparedWrite {
  request: WriteRequest;
  incoming: Resource | undefined;
  resourceType: string;
  id: string;
  current: ResourceLocation | undefined;
  /** The transaction `current` was located in: a write in the same one need not look again. */
  locatedIn: Tx;
  patient: { id: string | null; exists: boolean };
  compartment: string | null;
}

export async function writeThroughGate(
  repo: RecordRepository,
  deps: RepositoryDeps,
  request: WriteRequest,
): Promise<Resource> {
  const tenantId = repo.tenantId;
  const keys = await RecordKeys.load(deps.keyring, tenantId, [], { create: false });
  // One transaction: find what the write touches, make sure its keys are at hand (else run
  // again once they are fetched or made), decide, audit, write.
  const { outcome, resourceType } = await repo.transaction(keys, async (session) => {
    const write = await prepareWrite(session.tx, tenantId, request);
    ensureWriteKeys(session, write);
    return { outcome: await applyWrite(repo, session, write), resourceType: write.resourceType };
  });
  // A refusal was audited and committed with the transaction; only now is it answered.
  return resourceOrThrow(outcome, resourceType);
}

/**
 * Several changes in one gate transaction, all or nothing (accepting a patient's request changes
 * their Patient and closes the request together). A refusal rolls back what came before it, but
 * stays an audited access attempt: its entry is committed on its own before it is answered.
 */
export async function writeAllThroughGate(
  repo: RecordRepository,
  deps: RepositoryDeps,
  requests: readonly WriteRequest[],
  alongside?: (tx: Tx) => Promise<void>,
): Promise<Resource[]> {
  const tenantId = repo.tenantId;
  const keys = await RecordKeys.load(deps.keyring, tenantId, [], { create: false });
  let refused: AuditEntryInput[] = [];
  try {
    return await repo.transaction(keys, async (session) => {
      const written: Resource[] = [];
      for (const request of requests) {
        const write = await prepareWrite(session.tx, tenantId, request);
        ensureWriteKeys(session, write);
        const outcome = await applyWrite(repo, session, write);
        if (!('ok' in outcome)) {
          refused = session.audit.filter((entry) => entry.outcome === 'denied');
          resourceOrThrow(outcome, write.resourceType);
        }
        written.push((outcome as { ok: Resource }).ok);
      }
      if (alongside) await alongside(session.tx);
      return written;
    });
  } catch (error) {
    await auditRolledBackRefusals(repo, deps, refused);
    throw error;
  }
}

/** Commits the audit entries of refusals whose transaction was rolled back. */
export async function auditRolledBackRefusals(
  repo: RecordRepository,
  deps: RepositoryDeps,
  entries: readonly AuditEntryInput[],
): Promise<void> {
  if (entries.length === 0) return;
  const empty = await RecordKeys.load(deps.keyring, repo.tenantId, [], { create: false });
  await repo.transaction(empty, (session) => {
    session.audit.push(...entries);
    return Promise.resolve();
  });
}

/**
 * The keys a prepared write needs: its compartment's, and the tenant's (its search-term key).
 * Made if missing, unless the patient does not exist (then nothing is written, and no key is
 * left behind for a made-up patient).
 */
function ensureWriteKeys(session: GateSession, write: PreparedWrite): void {
  const create = write.patient.exists;
  session.keys.ensure(create ? [null, write.compartment] : [write.compartment], { create });
}

/**
 * Checks the request's shape and references and finds what it touches. `created`: `Type/id` of
 * resources created earlier in the same transaction Bundle, which count as existing.
 */
export async function prepareWrite(
  tx: Tx,
  tenantId: string,
  request: WriteRequest,
  created: ReadonlySet<string> = new Set(),
): Promise<PreparedWrite> {
  const prepared = request.action === 'delete' ? undefined : prepare(request);
  const incoming = prepared?.resource;
  const resourceType = incoming?.resourceType ?? (request as { resourceType: string }).resourceType;
  const id = (incoming?.id ?? (request as { id: string }).id).toLowerCase();
  if (categoryOf(resourceType) === undefined) {
    throw new AppError('validation_failed', 'This resource type is not stored here.', [
      { location: 'resourceType', message: 'is not a supported resource type' },
    ]);
  }
  // An id this server just drew (122 random bits) names nothing stored: no look-up. Should it
  // ever collide, the insert of a first version breaks its primary key and nothing is written.
  const current = prepared?.generatedId
    ? undefined
    : await locateResource(tx, tenantId, resourceType, id);
  if (request.action !== 'create' && !current) throw notFound();
  if (incoming) await assertReferencesResolve(tx, tenantId, incoming, created);
  const found = await patientOf(tx, tenantId, incoming);
  const patient =
    found.id !== null && created.has(`Patient/${found.id}`)
      ? { id: found.id, exists: true }
      : found;
  const compartment = current?.patientId ?? patient.id;
  return { request, incoming, resourceType, id, current, locatedIn: tx, patient, compartment };
}

/** Decides, audits and (if allowed) writes one prepared change in an open gate session. */
export async function applyWrite(
  repo: RecordRepository,
  session: GateSession,
  prepared: PreparedWrite,
): Promise<WriteOutcome> {
  const { request, incoming, resourceType, id, compartment } = prepared;
  const tenantId = repo.tenantId;
  const stored = prepared.current
    ? await readCurrentVersion(session.tx, tenantId, session.keys, resourceType, id)
    : undefined;
  if (request.action === 'create' && stored) {
    throw new AppError('conflict', 'A resource with this id already exists.');
  }
  const labels = [...(stored?.resource.meta?.security ?? []), ...securityOf(incoming)];
  const probe = { resourceType, id, meta: { security: labels } } as Resource;
  const action: AccessAction = request.action;
  const ownDetails = request.action === 'update' && request.ownDetails === true;
  const changeRequest = request.action !== 'delete' && request.changeRequest === true;
  const patientWorkflow = request.action === 'create' && request.patientWorkflow === true;
  const messagingWorkflow = request.action !== 'delete' && request.messagingWorkflow === true;
  const billingWorkflow = request.action !== 'delete' && request.billingWorkflow === true;
  const decision = await repo.decide(session, action, probe, compartment, {
    ...(ownDetails ? { ownDetailsUpdate: true } : {}),
    ...(changeRequest ? { changeRequest: true } : {}),
    ...(patientWorkflow ? { patientWorkflow: true } : {}),
    ...(messagingWorkflow ? { messagingWorkflow: true } : {}),
    ...(billingWorkflow ? { billingWorkflow: true } : {}),
  });
  session.audit.push(
    repo.entry(action, { patientId: compartment, resourceType, resourceId: id }, decision),
  );
  if (!decision.allowed) return { refused: decision.reason };
  if (!prepared.patient.exists) return { missingPatient: true };
  if (stored?.deleted && request.action !== 'create') return { refused: 'denied_other_patient' };
  // What this write changes (a Consent, a care relationship) must bind what follows it.
  session.contexts.clear();
  const written = await writeVersion(
    session.tx,
    tenantId,
    session.keys,
    keepingHiddenFields(incoming, stored?.resource, decision.fields) ??
      (stored as NonNullable<typeof stored>).resource,
    {
      now: session.now,
      deleted: request.action === 'delete',
      mustNotExist: request.action === 'create',
      // A transaction Bundle prepares its entries in a transaction of their own: look again.
      ...(prepared.locatedIn === session.tx ? { located: prepared.current ?? null } : {}),
      ...(request.action === 'update' && request.expectedVersion !== undefined
        ? { expectedVersion: request.expectedVersion }
        : {}),
    },
  );
  // The answer shows the writer what they may see, as a read would: never the kept fields.
  return { ok: repo.masked(written.resource, decision) };
}

/**
 * An update by someone who sees the record through a field mask (front desk sees a Patient
 * without its extensions, narrative or labels) replaces only the fields they can see: the
 * others are kept from the stored version. Otherwise a desk edit of a phone number would erase
 * the race, ethnicity and security labels it never saw. Sending a different value for a field
 * one cannot see is refused (422), not quietly dropped; a generated narrative, which would no
 * longer match, is left out.
 */
function keepingHiddenFields(
  incoming: Resource | undefined,
  stored: Resource | undefined,
  mask: FieldMask | undefined,
): Resource | undefined {
  if (!incoming || !stored || !mask) return incoming;
  const sent = incoming as unknown as Record<string, unknown>;
  const kept = stored as unknown as Record<string, unknown>;
  const hiddenChanged = Object.keys(sent).filter(
    (key) =>
      !mask.allow.includes(key) &&
      (key === 'meta'
        ? incoming.meta?.security !== undefined &&
          JSON.stringify(incoming.meta.security) !== JSON.stringify(stored.meta?.security ?? [])
        : JSON.stringify(sent[key]) !== JSON.stringify(kept[key])),
  );
  if (hiddenChanged.length > 0) {
    throw new AppError(
      'unprocessable',
      'Your role cannot change some fields of this record.',
      hiddenChanged.map((key) => ({
        location: `${incoming.resourceType}.${key}`,
        message: 'is not shown to your role, so it cannot be changed by it',
      })),
    );
  }
  const generatedText = (kept.text as { status?: string } | undefined)?.status === 'generated';
  const hidden = Object.entries(kept).filter(
    ([key]) => !mask.allow.includes(key) && !(key === 'text' && generatedText),
  );
  const visible = Object.entries(sent).filter(([key]) => mask.allow.includes(key));
  return Object.fromEntries([...hidden, ...visible]) as unknown as Resource;
}

/** The written resource, or the error its refusal is answered with. */
export function resourceOrThrow(outcome: WriteOutcome, resourceType: string): Resource {
  if ('ok' in outcome) return outcome.ok;
  if ('missingPatient' in outcome) {
    throw new AppError('unprocessable', 'The record names a patient that does not exist.', [
      {
        location: compartmentLocation(resourceType),
        message: 'does not refer to a stored patient',
      },
    ]);
  }
  if (FORBIDDEN_REASONS.has(outcome.refused)) {
    throw new AppError('forbidden', 'Your role does not allow this change.');
  }
  throw notFound();
}

/** The resource to store: an id assigned on create, the stored id kept on update. */
function prepare(request: Exclude<WriteRequest, { action: 'delete' }>): {
  resource: Resource;
  generatedId: boolean;
} {
  const resource = request.resource;
  if (request.action === 'create' && resource.id === undefined) {
    return { resource: { ...resource, id: randomUUID() }, generatedId: true };
  }
  if (!resource.id || !UUID.test(resource.id)) {
    throw new AppError('validation_failed', 'A resource id must be a UUID.', [
      { location: `${resource.resourceType}.id`, message: 'is required and must be a UUID' },
    ]);
  }
  return { resource, generatedId: false };
}

/** The patient a new version belongs to, and whether that patient is stored. */
async function patientOf(
  tx: Parameters<typeof locateResource>[0],
  tenantId: string,
  resource: Resource | undefined,
): Promise<{ id: string | null; exists: boolean }> {
  if (!resource) return { id: null, exists: true };
  const id = patientCompartmentOf(resource) ?? null;
  if (id === null || resource.resourceType === 'Patient') return { id, exists: true };
  const patient = await locateResource(tx, tenantId, 'Patient', id);
  return { id, exists: patient !== undefined && !patient.deleted };
}

function securityOf(resource: Resource | undefined): Coding[] {
  return resource?.meta?.security ?? [];
}
