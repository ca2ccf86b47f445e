import { describe, expect, it } from 'vitest';
import type { PatientActor, RestrictionFact } from './access-types.js';
import { HOUR, NOW, PATIENT, TENANT, request, staff } from './access-test-fixtures.js';
import { decideAccess } from './decide-access.js';
import { PATIENT_ADMIN_MASK } from './field-mask.js';

const clinician = staff(['clinician']);
const patient: PatientActor = {
  kind: 'patient',
  userId: 'u-p',
  tenantId: TENANT,
  patientId: PATIENT,
};
const grant = (reason: string, from = -1, to = 1) => ({
  grantedAt: new Date(NOW.getTime() + from * HOUR),
  expiresAt: new Date(NOW.getTime() + to * HOUR),
  reason,
});

describe('decideAccess: staff rules', () => {
  const care = { careRelationship: true };

  it('checks the tenant before anything else', () => {
    const d = decideAccess(
      request(clinician, 'read', 'Condition', { target: { tenantId: 'tenant-b' }, context: care }),
    );
    expect(d.reason).toBe('denied_other_tenant');
  });

  it('needs clearance, then clinical clearance for clinical data', () => {
    const uncleared = staff(['clinician'], {
      clearance: { patientData: false, clinicalAccess: false },
    });
    expect(decideAccess(request(uncleared, 'read', 'Patient')).reason).toBe('denied_not_cleared');
    const unlicensed = staff(['clinician'], {
      clearance: { patientData: true, clinicalAccess: false },
    });
    expect(decideAccess(request(unlicensed, 'read', 'Condition', { context: care })).reason).toBe(
      'denied_not_clinical',
    );
    // Demographics are not clinical: the unlicensed clinician sees them, masked.
    expect(decideAccess(request(unlicensed, 'read', 'Patient')).fields).toEqual(PATIENT_ADMIN_MASK);
    expect(decideAccess(request(clinician, 'read', 'Patient')).fields).toBeUndefined();
  });

  it('refuses roles that are not practice roles, and unknown resource types', () => {
    const admin = staff([], { roles: ['platform_admin' as never] });
    expect(decideAccess(request(admin, 'read', 'Patient')).reason).toBe(
      'denied_no_role_permission',
    );
    expect(decideAccess(request(clinician, 'read', 'Basic', { context: care })).reason).toBe(
      'denied_unknown_resource_type',
    );
  });

  it('nurses cannot delete; practice admin and privacy officer see no clinical data', () => {
    expect(
      decideAccess(request(staff(['nurse']), 'delete', 'Condition', { context: care })).reason,
    ).toBe('denied_no_role_permission');
    expect(decideAccess(request(clinician, 'delete', 'Condition', { context: care })).allowed).toBe(
      true,
    );
    for (const role of ['practice_admin', 'privacy_officer'] as const) {
      expect(
        decideAccess(request(staff([role]), 'read', 'Observation', { context: care })).allowed,
      ).toBe(false);
    }
  });

  it('a staff researcher reaches no identifiable record', () => {
    expect(decideAccess(request(staff(['researcher']), 'read', 'Patient')).reason).toBe(
      'denied_research_identifiable',
    );
    const researcher = { kind: 'researcher' as const, userId: 'r', tenantId: TENANT };
    expect(decideAccess(request(researcher, 'export', 'Observation')).reason).toBe(
      'denied_research_identifiable',
    );
  });

  it('break-the-glass: time-limited, never for sensitive data, delete or export', () => {
    const at = (g: ReturnType<typeof grant>) => ({ context: { breakGlass: g } });
    expect(
      decideAccess(request(clinician, 'read', 'Condition', at(grant('x', -2, 0)))).reason,
    ).toBe('denied_break_glass_expired');
    expect(
      decideAccess(request(clinician, 'read', 'Condition', at(grant('x', 1, 2)))).allowed,
    ).toBe(false);
    expect(decideAccess(request(clinician, 'delete', 'Condition', at(grant('x')))).allowed).toBe(
      false,
    );
    const psy = { target: { sensitivity: ['PSY'] }, ...at(grant('x')) };
    expect(decideAccess(request(clinician, 'read', 'Condition', psy)).reason).toBe(
      'denied_sensitive',
    );
    const psychiatrist = staff(['clinician'], { sensitivePermission: ['PSY'] });
    expect(decideAccess(request(psychiatrist, 'read', 'Condition', psy)).reason).toBe(
      'allowed_break_glass',
    );
  });

  it('only a granted restriction covering the actor and the data refuses', () => {
    const withR = (r: RestrictionFact) => ({
      target: { sensitivity: ['PSY'] },
      context: { ...care, restrictions: [r] },
    });
    const psychiatrist = staff(['clinician'], { sensitivePermission: ['PSY'] });
    const granted: RestrictionFact = {
      status: 'granted',
      appliesToUserId: 'user-staff',
      categories: ['PSY'],
    };
    expect(decideAccess(request(psychiatrist, 'read', 'Condition', withR(granted))).reason).toBe(
      'denied_restricted',
    );
    expect(
      decideAccess(
        request(psychiatrist, 'read', 'Condition', withR({ ...granted, status: 'requested' })),
      ).allowed,
    ).toBe(true);
    expect(
      decideAccess(
        request(psychiatrist, 'read', 'Condition', withR({ ...granted, status: 'denied' })),
      ).allowed,
    ).toBe(true);
    expect(
      decideAccess(
        request(
          psychiatrist,
          'read',
          'Condition',
          withR({ ...granted, appliesToUserId: 'someone' }),
        ),
      ).allowed,
    ).toBe(true);
    const byRole: RestrictionFact = {
      status: 'granted',
      appliesToRole: 'clinician',
      resourceTypes: ['Condition'],
    };
    expect(decideAccess(request(psychiatrist, 'read', 'Condition', withR(byRole))).reason).toBe(
      'denied_restricted',
    );
    expect(decideAccess(request(psychiatrist, 'read', 'Observation', withR(byRole))).allowed).toBe(
      true,
    );
    // Restrictions never bind the patient themselves.
    expect(decideAccess(request(patient, 'read', 'Condition', withR(granted))).allowed).toBe(true);
  });
});
