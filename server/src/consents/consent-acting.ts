/**
 * Whose consents a patient-side request reads or changes, decided again on every request
 * (actingContext re-checks proxy grants each time).
 *
 * Changing a consent or asking for a restriction is the patient's own decision, so:
 * - the patient on their own record may;
 * - a parent or guardian of a child under 13 may (the child has no account of their own, and
 *   the guardian is who consents for them, CHILD-1);
 * - every other proxy (a caregiver, a teenager's guardian) is refused with 403: a teenager
 *   decides about their own, sometimes confidential, care, and a caregiver's grant covers
 *   helping, not consenting.
 *
 * Reading needs the `read` scope, and a proxy shut out of some categories (a teenager's
 * guardian under the practice's teen policy) does not see consents at all: a consent to share
 * with a named clinic can reveal the confidential care itself.
 */
import { AppError } from '../errors/app-error.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { OWN_ACCOUNT_AGE, ageInYears } from '../identity/proxies/index.js';
import { actingContext, type ActingContext } from '../identity/proxy-routes/acting-context.js';
import type { Session } from '../identity/sessions/session-store.js';
import { systemReadPatient } from '../records/system-patient-reader.js';

/** The record a request may read consents of; 404 with no record open, 403 if not allowed. */
export async function actingToRead(deps: IdentityDeps, session: Session): Promise<ActingContext> {
  const acting = await actingContext(deps, session);
  if (!acting) throw new AppError('not_found', 'No record is open.');
  if (acting.onBehalfOf === undefined) return acting;
  if (!acting.scopes.includes('read') || acting.excludedCategories.length > 0) {
    throw new AppError('forbidden', 'Your access to this record does not include its consents.');
  }
  return acting;
}

/** The record a request may change consents of; 404 with no record open, 403 if not allowed. */
export async function actingToChange(deps: IdentityDeps, session: Session): Promise<ActingContext> {
  const acting = await actingContext(deps, session);
  if (!acting) throw new AppError('not_found', 'No record is open.');
  if (acting.onBehalfOf === undefined) return acting;
  if (acting.proxyAccess?.basis === 'guardian_of_minor' && (await isUnder13(deps, acting))) {
    return acting;
  }
  throw new AppError('forbidden', 'Only the patient can change their consents and restrictions.');
}

async function isUnder13(deps: IdentityDeps, acting: ActingContext): Promise<boolean> {
  const patient = await systemReadPatient(deps.db, deps.keyring, acting.tenantId, acting.patientId);
  // Unknown date of birth: fail closed (actingContext already refuses proxies in that case).
  if (!patient?.birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate)) return false;
  return ageInYears(patient.birthDate, deps.now()) < OWN_ACCOUNT_AGE;
}
