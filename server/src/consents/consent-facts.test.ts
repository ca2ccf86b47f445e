import type { Consent } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  ACT_CODE_SYSTEM,
  STAFF_ROLE_SYSTEM,
  buildConsent,
  buildRestriction,
  decideRestriction,
} from './consent-coding.js';
import {
  consentKindOf,
  toConsentFact,
  toConsentFacts,
  toRestrictionFact,
} from './consent-facts.js';

const PATIENT = '6f1c2b3a-0d4e-4f5a-8b6c-7d8e9f0a1b2c';
const ID = '0b8e7c6d-5a4f-4e3d-9c2b-1a0f9e8d7c6b';
const NOW = new Date('2026-06-15T12:00:00Z');
const USER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

const shareConsent = (overrides: Partial<Consent> = {}): Consent => ({
  ...buildConsent({
    id: ID,
    patientId: PATIENT,
    kind: 'share_with_provider',
    grantee: { id: 'npi:1234567893', name: 'Dr Farthingale' },
    period: { start: new Date('2026-07-01T00:00:00Z'), end: new Date('2027-07-01T00:00:00Z') },
    now: NOW,
  }),
  ...overrides,
});

const restriction = (extra: Partial<Parameters<typeof buildRestriction>[0]> = {}) =>
  buildRestriction({
    id: ID,
    patientId: PATIENT,
    categories: ['PSY', 'notes'],
    resourceTypes: ['DocumentReference'],
    appliesToUserId: USER,
    reason: 'private',
    now: NOW,
    ...extra,
  });

describe('mapping Consent resources to the decision’s consents', () => {
  it('an active provider consent carries its kind, grantee and period, never the name', () => {
    const fact = toConsentFact(shareConsent());
    expect(fact).toEqual({
      kind: 'share_with_provider',
      grantee: 'npi:1234567893',
      status: 'active',
      period: { start: new Date('2026-07-01T00:00:00Z'), end: new Date('2027-07-01T00:00:00Z') },
    });
  });

  it('FHIR `inactive` is a revoked consent', () => {
    expect(toConsentFact(shareConsent({ status: 'inactive' }))?.status).toBe('revoked');
  });

  it('each kind is coded in category and maps back to itself', () => {
    for (const kind of ['research', 'pharmacy', 'recording'] as const) {
      const consent = buildConsent({ id: ID, patientId: PATIENT, kind, now: NOW });
      expect(consent.category[0]?.coding?.[0]?.code).toBe(kind);
      expect(consent.patient?.reference).toBe(`Patient/${PATIENT}`);
      expect(toConsentFact(consent)).toEqual({ kind, status: 'active' });
    }
  });

  it('fails closed: other statuses, unreadable dates, unknown kinds and a nameless provider consent permit nothing', () => {
    for (const status of ['draft', 'proposed', 'rejected', 'entered-in-error'] as const) {
      expect(toConsentFact(shareConsent({ status }))).toBeUndefined();
    }
    const base = shareConsent();
    const badEnd = { ...base, provision: { ...base.provision, period: { end: 'soon' } } };
    expect(toConsentFact(badEnd)).toBeUndefined();
    expect(toConsentFact({ ...base, provision: { ...base.provision, actor: [] } })).toBeUndefined();
    const unknownKind = { ...base, category: [{ coding: [{ system: 'x', code: 'research' }] }] };
    expect(toConsentFact(unknownKind)).toBeUndefined();
    expect(consentKindOf(unknownKind)).toBeUndefined();
  });
});

describe('mapping Consent resources to the decision’s restrictions', () => {
  it('a request carries its categories, resource types and the user it names', () => {
    expect(toRestrictionFact(restriction())).toEqual({
      status: 'requested',
      appliesToUserId: USER,
      categories: ['PSY', 'notes'],
      resourceTypes: ['DocumentReference'],
    });
    const fhir = restriction();
    expect(fhir.provision?.type).toBe('deny');
    expect(fhir.provision?.securityLabel).toEqual([{ system: ACT_CODE_SYSTEM, code: 'PSY' }]);
  });

  it('proposed, active and rejected are requested, granted and denied; inactive binds no one', () => {
    const at = NOW;
    const granted = decideRestriction(restriction(), { decision: 'granted', decidedBy: USER, at });
    const denied = decideRestriction(restriction(), {
      decision: 'denied',
      decidedBy: USER,
      at,
      reason: 'needed for care',
    });
    expect(granted.status).toBe('active');
    expect(toRestrictionFact(granted)?.status).toBe('granted');
    expect(toRestrictionFact(denied)?.status).toBe('denied');
    expect(toRestrictionFact({ ...granted, status: 'inactive' })).toBeUndefined();
  });

  it('a role it names is kept; an unknown role is dropped, which widens the restriction', () => {
    const byRole = restriction({ appliesToRole: 'front_desk', appliesToUserId: undefined });
    expect(toRestrictionFact(byRole)?.appliesToRole).toBe('front_desk');
    const odd = structuredClone(byRole);
    odd.provision!.actor![0]!.reference.identifier = {
      system: STAFF_ROLE_SYSTEM,
      value: 'janitor',
    };
    const fact = toRestrictionFact(odd);
    expect(fact?.appliesToRole).toBeUndefined();
    expect(fact?.appliesToUserId).toBeUndefined();
  });

  it('splits a mix of resources, ignoring what is not a Haven Consent', () => {
    const split = toConsentFacts([
      shareConsent(),
      restriction(),
      { resourceType: 'Observation', status: 'final', code: {} },
      { resourceType: 'Consent', status: 'active', scope: {}, category: [] },
    ]);
    expect(split.consents).toHaveLength(1);
    expect(split.restrictions).toHaveLength(1);
    expect(toRestrictionFact(shareConsent())).toBeUndefined();
    expect(toConsentFact(restriction())).toBeUndefined();
  });
});
