/**
 * A patient's Consent resources as the access decision sees them (ConsentFact, RestrictionFact).
 * Read in the caller's transaction on every request, with no cache: a revocation or a granted
 * restriction applies from the very next request.
 *
 * The mapping fails closed. A permission whose status or dates cannot be read is left out (no
 * consent, so no access); a restriction part that cannot be read (an unknown actor) is left out,
 * which widens the restriction rather than narrowing it.
 */
import type { Consent, Resource } from '@medplum/fhirtypes';
import type { ConsentFact, RestrictionFact } from '../access/access-types.js';
import type { Tx } from '../db/transactions.js';
import { STAFF_ROLES, type StaffRole } from '../identity/roles.js';
import type { RecordKeys } from '../records/record-keys.js';
import { readCompartment } from '../records/record-store.js';
import {
  ACT_CODE_SYSTEM,
  CONSENT_KINDS,
  CONSENT_KIND_SYSTEM,
  GRANTEE_SYSTEM,
  RESOURCE_CATEGORY_SYSTEM,
  RESOURCE_TYPE_SYSTEM,
  STAFF_ROLE_SYSTEM,
  USER_SYSTEM,
  type ConsentKind,
} from './consent-coding.js';

/** What a Haven Consent resource is: a permission of some kind, or a restriction request. */
export function consentKindOf(consent: Consent): ConsentKind | 'restriction' | undefined {
  const codes = (consent.category ?? [])
    .flatMap((c) => c.coding ?? [])
    .filter((c) => c.system === CONSENT_KIND_SYSTEM)
    .map((c) => c.code);
  const type = consent.provision?.type;
  if (type === 'deny' && codes.includes('restriction')) return 'restriction';
  if (type !== 'permit') return undefined;
  return CONSENT_KINDS.find((kind) => codes.includes(kind));
}

/** The identifiers of `provision.actor` in one naming system. */
export function actorIdentifiers(consent: Consent, system: string): string[] {
  return (consent.provision?.actor ?? [])
    .map((a) => a.reference.identifier)
    .filter((i) => i?.system === system && typeof i.value === 'string')
    .map((i) => i?.value as string);
}

/** A permission as a ConsentFact, or undefined when it is not one (or cannot be read). */
export function toConsentFact(consent: Consent): ConsentFact | undefined {
  const kind = consentKindOf(consent);
  if (kind === undefined || kind === 'restriction') return undefined;
  // FHIR R4 has no `revoked`: an `inactive` consent is one the patient withdrew.
  const status =
    consent.status === 'active' ? 'active' : consent.status === 'inactive' ? 'revoked' : undefined;
  if (status === undefined) return undefined;
  const start = optionalDate(consent.provision?.period?.start);
  const end = optionalDate(consent.provision?.period?.end);
  if (start === null || end === null) return undefined;
  const grantee = actorIdentifiers(consent, GRANTEE_SYSTEM)[0];
  // A provider consent naming no one permits no one.
  if (kind === 'share_with_provider' && grantee === undefined) return undefined;
  return {
    kind,
    status,
    ...(grantee !== undefined ? { grantee } : {}),
    ...(start || end ? { period: { ...(start ? { start } : {}), ...(end ? { end } : {}) } } : {}),
  };
}

/** Restriction statuses by FHIR Consent.status; any other status binds no one. */
const RESTRICTION_STATUS: Partial<Record<Consent['status'], RestrictionFact['status']>> = {
  proposed: 'requested',
  active: 'granted',
  rejected: 'denied',
};

/** A restriction request as a RestrictionFact, or undefined when it is not one. */
export function toRestrictionFact(consent: Consent): RestrictionFact | undefined {
  if (consentKindOf(consent) !== 'restriction') return undefined;
  const status = RESTRICTION_STATUS[consent.status];
  if (status === undefined) return undefined;
  const provision = consent.provision ?? {};
  const userId = actorIdentifiers(consent, USER_SYSTEM)[0];
  const role = actorIdentifiers(consent, STAFF_ROLE_SYSTEM).find((r): r is StaffRole =>
    (STAFF_ROLES as readonly string[]).includes(r),
  );
  const categories = [
    ...(provision.securityLabel ?? []).filter((c) => c.system === ACT_CODE_SYSTEM),
    ...(provision.code ?? [])
      .flatMap((c) => c.coding ?? [])
      .filter((c) => c.system === RESOURCE_CATEGORY_SYSTEM),
  ].flatMap((c) => (c.code ? [c.code] : []));
  const resourceTypes = (provision.class ?? [])
    .filter((c) => c.system === RESOURCE_TYPE_SYSTEM)
    .flatMap((c) => (c.code ? [c.code] : []));
  return {
    status,
    ...(userId !== undefined ? { appliesToUserId: userId } : {}),
    ...(role !== undefined ? { appliesToRole: role } : {}),
    ...(categories.length > 0 ? { categories } : {}),
    ...(resourceTypes.length > 0 ? { resourceTypes } : {}),
  };
}

/** Splits Consent resources into the decision's consents and restrictions. */
export function toConsentFacts(resources: readonly Resource[]): {
  consents: ConsentFact[];
  restrictions: RestrictionFact[];
} {
  const consents: ConsentFact[] = [];
  const restrictions: RestrictionFact[] = [];
  for (const resource of resources) {
    if (resource.resourceType !== 'Consent') continue;
    const consent = toConsentFact(resource);
    if (consent) consents.push(consent);
    const restriction = toRestrictionFact(resource);
    if (restriction) restrictions.push(restriction);
  }
  return { consents, restrictions };
}

/**
 * The patient's current consents and restrictions, read in the caller's tenant transaction.
 * `keys` must hold the patient's key whenever the patient has any Consent (load it with
 * `RecordKeys.load(keyring, tenantId, [patientId], { create: false })` before the transaction;
 * a patient without a key has no Consent).
 */
export async function readConsentFacts(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  patientId: string,
): Promise<{ consents: ConsentFact[]; restrictions: RestrictionFact[] }> {
  const versions = await readCompartment(tx, tenantId, keys, patientId, ['Consent']);
  return toConsentFacts(versions.map((v) => v.resource));
}

/** A date from FHIR: undefined when absent, null when present but not a valid date. */
function optionalDate(value: string | undefined): Date | undefined | null {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
