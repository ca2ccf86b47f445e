/**
 * The patient's side (SHARE-2, SHARE-8, RIGHT-6): list, grant and revoke permissions; list and
 * request restrictions. Each change is a new version of a Consent in the patient's compartment
 * (sealed with their key) and an audit entry, in one tenant transaction. Keys are fetched before
 * that transaction opens (the key store has its own, and transactions do not nest).
 *
 * These are the patient's own records, reached through actingContext (consent-acting.ts). Reads
 * go through the gate (decided and audited); changes are made here, each with its own consent
 * audit entry, and a consent that belongs to another patient answers 404.
 */
import { randomUUID } from 'node:crypto';
import type { Consent, Resource } from '@medplum/fhirtypes';
import { tenantTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import type { ActingContext } from '../identity/proxy-routes/acting-context.js';
import type { Session } from '../identity/sessions/session-store.js';
import type { StaffRole } from '../identity/roles.js';
import { RecordKeys } from '../records/record-keys.js';
import {
  locateResource,
  readCurrentVersion,
  writeVersion,
  type StoredVersion,
} from '../records/record-store.js';
import { principalFromActing } from '../gate/gate-actor.js';
import { RecordRepository } from '../gate/record-repository.js';
import { actingToChange, actingToRead } from './consent-acting.js';
import { auditConsentChange, type RequestMeta, type RequestOrigin } from './consent-audit.js';
import { buildConsent, buildRestriction } from './consent-coding.js';
import { consentKindOf } from './consent-facts.js';
import { checkGrant, checkResourceTypes, type GrantRequest } from './consent-input.js';
import {
  consentKinds,
  consentView,
  restrictionView,
  type ConsentView,
  type RestrictionView,
} from './consent-views.js';

/** The kinds a patient can grant, and the record's consents (revoked ones too), newest first. */
export async function listMyConsents(
  deps: IdentityDeps,
  session: Session,
  origin: Partial<RequestOrigin> = {},
) {
  const acting = await actingToRead(deps, session);
  const versions = await readConsents(deps, session, acting, origin);
  const consents = versions.flatMap((v) => consentView(v) ?? []);
  return { kinds: consentKinds(), consents };
}

/** Grants a permission (active from now, or within its period). */
export async function grantMyConsent(
  deps: IdentityDeps,
  session: Session,
  input: GrantRequest,
  origin: RequestOrigin,
): Promise<ConsentView> {
  const acting = await actingToChange(deps, session);
  const now = deps.now();
  const grant = checkGrant(input, now);
  const resource = buildConsent({ id: randomUUID(), patientId: acting.patientId, now, ...grant });
  return change(deps, session, acting, origin, resource, 'consent_granted', consentView);
}

/** Revokes a permission: a new version with status `inactive`. Revoking twice changes nothing. */
export async function revokeMyConsent(
  deps: IdentityDeps,
  session: Session,
  consentId: string,
  origin: RequestOrigin,
): Promise<ConsentView> {
  const acting = await actingToChange(deps, session);
  const { tenantId, patientId } = acting;
  const keys = await RecordKeys.load(deps.keyring, tenantId, [patientId], { create: true });
  const now = deps.now();
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    // Located before unsealing: another patient's consent is not found, not a key error.
    const location = await locateResource(tx, tenantId, 'Consent', consentId);
    if (!location || location.patientId !== patientId) throw notFound();
    const current = await readCurrentVersion(tx, tenantId, keys, 'Consent', consentId);
    const consent = current?.resource as Consent | undefined;
    const kind = consent ? consentKindOf(consent) : undefined;
    if (!current || current.deleted || !consent || !kind || kind === 'restriction') {
      throw notFound();
    }
    if (consent.status === 'inactive') return viewOf(consentView(current));
    const stored = await writeVersion(
      tx,
      tenantId,
      keys,
      { ...consent, status: 'inactive' },
      { now, expectedVersion: current.versionId },
    );
    const what = { tenantId, patientId, consentId: stored.id, what: 'consent_revoked' as const };
    await auditConsentChange(tx, what, meta(session, acting, origin));
    return viewOf(consentView(stored));
  });
}

/** The record's restriction requests, whatever their state, newest change first. */
export async function listMyRestrictions(
  deps: IdentityDeps,
  session: Session,
  origin: Partial<RequestOrigin> = {},
): Promise<RestrictionView[]> {
  const acting = await actingToRead(deps, session);
  const versions = await readConsents(deps, session, acting, origin);
  return versions.flatMap((v) => restrictionView(v) ?? []);
}

/** Asks the practice to restrict who sees what (RIGHT-6); it binds once a privacy officer grants it. */
export async function requestMyRestriction(
  deps: IdentityDeps,
  session: Session,
  input: {
    categories?: string[];
    resourceTypes?: string[];
    appliesToUserId?: string;
    appliesToRole?: StaffRole;
    reason?: string;
  },
  origin: RequestOrigin,
): Promise<RestrictionView> {
  const acting = await actingToChange(deps, session);
  checkResourceTypes(input.resourceTypes ?? []);
  const resource = buildRestriction({
    ...input,
    id: randomUUID(),
    patientId: acting.patientId,
    categories: [...new Set(input.categories ?? [])],
    resourceTypes: [...new Set(input.resourceTypes ?? [])],
    now: deps.now(),
  });
  return change(deps, session, acting, origin, resource, 'restriction_requested', restrictionView);
}

async function change<V>(
  deps: IdentityDeps,
  session: Session,
  acting: ActingContext,
  origin: RequestOrigin,
  resource: Consent,
  what: 'consent_granted' | 'restriction_requested',
  view: (stored: Awaited<ReturnType<typeof writeVersion>>) => V | undefined,
): Promise<V> {
  const { tenantId, patientId } = acting;
  const keys = await RecordKeys.load(deps.keyring, tenantId, [patientId], { create: true });
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const stored = await writeVersion(tx, tenantId, keys, resource, {
      now: deps.now(),
      mustNotExist: true,
    });
    const entry = { tenantId, patientId, consentId: stored.id, what };
    await auditConsentChange(tx, entry, meta(session, acting, origin));
    return viewOf(view(stored));
  });
}

/**
 * The record's Consents, read through the gate like any record (decided, and audited as a search
 * of the patient's consents). Newest change first, as the store keeps them.
 */
async function readConsents(
  deps: IdentityDeps,
  session: Session,
  acting: ActingContext,
  origin: Partial<RequestOrigin>,
): Promise<StoredVersion[]> {
  const repository = new RecordRepository(deps, principalFromActing(session.userId, acting), {
    ...(origin.sourceAddress !== undefined ? { sourceAddress: origin.sourceAddress } : {}),
    onBehalfOfUserId: acting.onBehalfOf ?? null,
  });
  const found = await repository.searchPatient(acting.patientId, ['Consent']);
  return found.map((resource) => storedVersionOf(resource, acting.patientId));
}

/** A Consent as the views read it: the version and time come from its `meta`. */
function storedVersionOf(resource: Resource, patientId: string): StoredVersion {
  return {
    resourceType: resource.resourceType,
    id: resource.id ?? '',
    versionId: Number(resource.meta?.versionId),
    patientId,
    lastUpdated: new Date(resource.meta?.lastUpdated ?? 0),
    deleted: false,
    resource,
  };
}

function meta(session: Session, acting: ActingContext, origin: RequestOrigin): RequestMeta {
  return {
    actorUserId: session.userId,
    ...(acting.onBehalfOf !== undefined ? { onBehalfOfUserId: acting.onBehalfOf } : {}),
    ...origin,
  };
}

function viewOf<V>(view: V | undefined): V {
  // Every version written here maps to a view; anything else is a bug, not the caller's input.
  if (view === undefined) throw new Error('A stored Consent did not map to its view');
  return view;
}

function notFound(): AppError {
  return new AppError('not_found', 'No such consent.');
}
