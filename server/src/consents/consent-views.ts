/**
 * What the API shows of a stored consent or restriction, and the response schemas that are the
 * only way it leaves the server. Built from the same mapping as the access decision
 * (consent-facts.ts), so the page and the decision cannot disagree about a status.
 */
import type { Consent } from '@medplum/fhirtypes';
import { Type } from 'typebox';
import type { StoredVersion } from '../records/record-store.js';
import {
  CONSENT_KINDS,
  CONSENT_KIND_MEANINGS,
  DECISION_EXTENSION,
  GRANTEE_SYSTEM,
  REASON_EXTENSION,
  type ConsentKind,
} from './consent-coding.js';
import { toConsentFact, toRestrictionFact } from './consent-facts.js';

const DateTime = Type.String({ format: 'date-time' });

export const ConsentViewSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union(CONSENT_KINDS.map((k) => Type.Literal(k))),
  meaning: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
  grantee: Type.Optional(Type.Object({ id: Type.String(), name: Type.String() })),
  period: Type.Optional(
    Type.Object({ start: Type.Optional(DateTime), end: Type.Optional(DateTime) }),
  ),
  grantedAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

export const KindsSchema = Type.Array(
  Type.Object({ kind: Type.String(), meaning: Type.String(), needsGrantee: Type.Boolean() }),
);

export const RestrictionViewSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  status: Type.Union([Type.Literal('requested'), Type.Literal('granted'), Type.Literal('denied')]),
  categories: Type.Array(Type.String()),
  resourceTypes: Type.Array(Type.String()),
  appliesToUserId: Type.Optional(Type.String()),
  appliesToRole: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  decision: Type.Optional(
    Type.Object({
      reason: Type.Optional(Type.String()),
      decidedBy: Type.String(),
      decidedAt: DateTime,
    }),
  ),
  requestedAt: DateTime,
  updatedAt: DateTime,
});

/** A permission as shown to the patient. */
export interface ConsentView {
  id: string;
  kind: ConsentKind;
  meaning: string;
  status: 'active' | 'revoked';
  grantee?: { id: string; name: string };
  period?: { start?: string; end?: string };
  grantedAt: string;
  updatedAt: string;
  version: number;
}

/** A restriction request as shown to the patient and the privacy officer. */
export interface RestrictionView {
  id: string;
  patientId: string;
  status: 'requested' | 'granted' | 'denied';
  categories: string[];
  resourceTypes: string[];
  appliesToUserId?: string;
  appliesToRole?: string;
  reason?: string;
  decision?: { reason?: string; decidedBy: string; decidedAt: string };
  requestedAt: string;
  updatedAt: string;
}

/** Every kind with its meaning, for the page that offers them. */
export function consentKinds(): { kind: ConsentKind; meaning: string; needsGrantee: boolean }[] {
  return CONSENT_KINDS.map((kind) => ({
    kind,
    meaning: CONSENT_KIND_MEANINGS[kind],
    needsGrantee: kind === 'share_with_provider',
  }));
}

/** A stored permission as a view, or undefined when it is not one. */
export function consentView(stored: StoredVersion): ConsentView | undefined {
  const consent = stored.resource as Consent;
  const fact = stored.resourceType === 'Consent' ? toConsentFact(consent) : undefined;
  if (!fact) return undefined;
  const actor = consent.provision?.actor?.find(
    (a) => a.reference.identifier?.system === GRANTEE_SYSTEM,
  );
  const period = consent.provision?.period;
  return {
    id: stored.id,
    kind: fact.kind,
    meaning: CONSENT_KIND_MEANINGS[fact.kind],
    status: fact.status,
    ...(fact.grantee !== undefined
      ? { grantee: { id: fact.grantee, name: actor?.reference.display ?? '' } }
      : {}),
    ...(period?.start || period?.end
      ? {
          period: {
            ...(period.start ? { start: period.start } : {}),
            ...(period.end ? { end: period.end } : {}),
          },
        }
      : {}),
    grantedAt: consent.dateTime ?? stored.lastUpdated.toISOString(),
    updatedAt: stored.lastUpdated.toISOString(),
    version: stored.versionId,
  };
}

/** A stored restriction request as a view, or undefined when it is not one. */
export function restrictionView(stored: StoredVersion): RestrictionView | undefined {
  const consent = stored.resource as Consent;
  const fact = stored.resourceType === 'Consent' ? toRestrictionFact(consent) : undefined;
  if (!fact || !stored.patientId) return undefined;
  const reason = consent.extension?.find((e) => e.url === REASON_EXTENSION)?.valueString;
  const details = consent.extension?.find((e) => e.url === DECISION_EXTENSION)?.extension ?? [];
  const detail = (url: string) => details.find((e) => e.url === url);
  const decidedBy = detail('decidedBy')?.valueString;
  const decidedAt = detail('decidedAt')?.valueDateTime;
  const decisionReason = detail('reason')?.valueString;
  return {
    id: stored.id,
    patientId: stored.patientId,
    status: fact.status,
    categories: [...(fact.categories ?? [])],
    resourceTypes: [...(fact.resourceTypes ?? [])],
    ...(fact.appliesToUserId ? { appliesToUserId: fact.appliesToUserId } : {}),
    ...(fact.appliesToRole ? { appliesToRole: fact.appliesToRole } : {}),
    ...(reason ? { reason } : {}),
    ...(decidedBy && decidedAt
      ? {
          decision: { decidedBy, decidedAt, ...(decisionReason ? { reason: decisionReason } : {}) },
        }
      : {}),
    requestedAt: consent.dateTime ?? stored.lastUpdated.toISOString(),
    updatedAt: stored.lastUpdated.toISOString(),
  };
}
