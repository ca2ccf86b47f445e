import { describe, expect, it } from 'vitest';
import type {
  ConsentFact,
  ExternalProviderActor,
  PatientActor,
  ProxyActor,
} from './access-types.js';
import {
  HOUR,
  NOW,
  OTHER_PATIENT,
  PATIENT,
  TENANT,
  request,
  staff,
} from './access-test-fixtures.js';
import { decideAccess } from './decide-access.js';
import { ADMIN_MASKS, PATIENT_ADMIN_MASK } from './field-mask.js';

const patient: PatientActor = {
  kind: 'patient',
  userId: 'u-p',
  tenantId: TENANT,
  patientId: PATIENT,
};
const teenGuardian: ProxyActor = {
  kind: 'proxy',
  userId: 'u-g',
  tenantId: TENANT,
  patientId: PATIENT,
  scopes: ['read', 'appointments'],
  excludedCategories: ['SEX', 'PSY', 'ETH', 'HIV'],
};
const external: ExternalProviderActor = {
  kind: 'external_provider',
  userId: 'u-x',
  tenantId: TENANT,
  grantee: 'org-1',
};
const share: ConsentFact = { kind: 'share_with_provider', grantee: 'org-1', status: 'active' };
const clinician = staff(['clinician']);
const grant = (reason: string, from = -1, to = 1) => ({
  grantedAt: new Date(NOW.getTime() + from * HOUR),
  expiresAt: new Date(NOW.getTime() + to * HOUR),
  reason,
});

describe('decideAccess: the named promises', () => {
  it('a token for one patient cannot read another', () => {
    expect(decideAccess(request(patient, 'read', 'Observation')).reason).toBe('allowed_own_record');
    const other = { target: { patientId: OTHER_PATIENT } };
    expect(decideAccess(request(patient, 'read', 'Observation', other))).toEqual({
      allowed: false,
      reason: 'denied_other_patient',
      breakGlass: false,
      purposeOfUse: null,
    });
    expect(decideAccess(request(teenGuardian, 'read', 'Observation', other)).reason).toBe(
      'denied_other_patient',
    );
    expect(
      decideAccess(request(patient, 'search', 'Observation', { target: { patientId: null } }))
        .allowed,
    ).toBe(false);
  });

  it('a patient updates their own Patient only through the own-details workflow', () => {
    const own = { target: { ownDetailsUpdate: true as const } };
    expect(decideAccess(request(patient, 'update', 'Patient', own)).reason).toBe(
      'allowed_own_record',
    );
    // Without the workflow (the FHIR API), and on any other type, the update is refused.
    expect(decideAccess(request(patient, 'update', 'Patient')).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'update', 'Observation', own)).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'delete', 'Patient', own)).allowed).toBe(false);
    // Never someone else's, and not a proxy's to do.
    const other = { target: { patientId: OTHER_PATIENT, ownDetailsUpdate: true as const } };
    expect(decideAccess(request(patient, 'update', 'Patient', other)).reason).toBe(
      'denied_other_patient',
    );
    expect(decideAccess(request(teenGuardian, 'update', 'Patient', own)).allowed).toBe(false);
  });

  it('Tasks are written only by the change-request workflow: the patient files theirs, staff answer by role', () => {
    const asked = { target: { changeRequest: true as const } };
    expect(decideAccess(request(patient, 'create', 'Task', asked)).reason).toBe(
      'allowed_own_record',
    );
    expect(decideAccess(request(patient, 'update', 'Task', asked)).reason).toBe(
      'allowed_own_record',
    );
    // Without the workflow (the FHIR API, an import by a person), on another type, or to
    // delete: refused, for the patient and for every staff role alike.
    expect(decideAccess(request(patient, 'create', 'Task')).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'create', 'Observation', asked)).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'delete', 'Task', asked)).allowed).toBe(false);
    for (const role of ['front_desk', 'nurse', 'clinician'] as const) {
      expect(decideAccess(request(staff([role]), 'create', 'Task')).allowed, role).toBe(false);
      expect(decideAccess(request(staff([role]), 'update', 'Task')).allowed, role).toBe(false);
    }
    const other = { target: { patientId: OTHER_PATIENT, changeRequest: true as const } };
    expect(decideAccess(request(patient, 'create', 'Task', other)).reason).toBe(
      'denied_other_patient',
    );
    // A proxy makes none; a teenager's guardian does not even see them (a name or gender change
    // and its reason are the teenager's).
    const caregiver: ProxyActor = { ...teenGuardian, excludedCategories: [] };
    expect(decideAccess(request(caregiver, 'read', 'Task')).allowed).toBe(true);
    expect(decideAccess(request(caregiver, 'create', 'Task', asked)).allowed).toBe(false);
    expect(decideAccess(request(teenGuardian, 'read', 'Task')).reason).toBe(
      'denied_teen_confidential',
    );
    // The desk and clinical staff answer; the privacy officer and administrator only read;
    // billing sees none. Not clinical: no care relationship is needed.
    for (const role of ['front_desk', 'nurse', 'clinician'] as const) {
      expect(decideAccess(request(staff([role]), 'update', 'Task', asked)).allowed, role).toBe(
        true,
      );
    }
    for (const role of ['privacy_officer', 'practice_admin'] as const) {
      expect(decideAccess(request(staff([role]), 'read', 'Task')).allowed, role).toBe(true);
      expect(decideAccess(request(staff([role]), 'update', 'Task', asked)).allowed, role).toBe(
        false,
      );
    }
    expect(decideAccess(request(staff(['billing']), 'read', 'Task')).reason).toBe(
      'denied_no_role_permission',
    );
  });

  it('a proxy outside scope is refused', () => {
    expect(decideAccess(request(teenGuardian, 'read', 'Coverage')).reason).toBe(
      'denied_proxy_scope',
    );
    const messaging = {
      target: { patientWorkflow: true as const, messagingWorkflow: true as const },
    };
    expect(decideAccess(request(teenGuardian, 'create', 'Communication', messaging)).reason).toBe(
      'denied_proxy_scope',
    );
    expect(decideAccess(request(teenGuardian, 'update', 'Observation')).reason).toBe(
      'denied_action_not_permitted',
    );
    const psy = { target: { sensitivity: ['psy'] } };
    expect(decideAccess(request(teenGuardian, 'read', 'Condition', psy)).reason).toBe(
      'denied_teen_confidential',
    );
    expect(decideAccess(request(teenGuardian, 'read', 'Condition')).reason).toBe('allowed_proxy');
    // Appointment requests wait for their workflow (USE-4): no proxy or patient books directly.
    expect(decideAccess(request(teenGuardian, 'create', 'Appointment')).reason).toBe(
      'denied_action_not_permitted',
    );
  });

  it('break-the-glass without a reason is refused', () => {
    for (const reason of ['', '   ']) {
      const d = decideAccess(
        request(clinician, 'read', 'Condition', { context: { breakGlass: grant(reason) } }),
      );
      expect(d).toMatchObject({
        allowed: false,
        reason: 'denied_no_care_relationship',
        breakGlass: false,
      });
    }
    const d = decideAccess(
      request(clinician, 'read', 'Condition', { context: { breakGlass: grant('cardiac arrest') } }),
    );
    expect(d).toEqual({
      allowed: true,
      reason: 'allowed_break_glass',
      breakGlass: true,
      purposeOfUse: 'ETREAT',
    });
  });

  it('a revoked consent stops access at once', () => {
    expect(
      decideAccess(request(external, 'read', 'Condition', { context: { consents: [share] } })),
    ).toEqual({
      allowed: true,
      reason: 'allowed_consent',
      breakGlass: false,
      purposeOfUse: 'TREAT',
    });
    // Revoked even though its period still runs.
    const revoked = {
      ...share,
      status: 'revoked' as const,
      period: { end: new Date(NOW.getTime() + HOUR) },
    };
    expect(
      decideAccess(request(external, 'read', 'Condition', { context: { consents: [revoked] } }))
        .reason,
    ).toBe('denied_consent_revoked');
    expect(decideAccess(request(external, 'read', 'Condition')).reason).toBe('denied_no_consent');
  });

  it('billing sees coverage but no notes or results', () => {
    const billing = staff(['billing']);
    const care = { context: { careRelationship: true } };
    for (const type of ['Coverage', 'Account', 'Claim', 'Invoice']) {
      expect(decideAccess(request(billing, 'read', type, care))).toMatchObject({
        allowed: true,
        purposeOfUse: 'HPAYMT',
      });
    }
    for (const type of [
      'DocumentReference',
      'Composition',
      'Observation',
      'DiagnosticReport',
      'Condition',
    ]) {
      expect(decideAccess(request(billing, 'read', type, care)).reason).toBe(
        'denied_no_role_permission',
      );
    }
    expect(decideAccess(request(billing, 'read', 'Patient')).fields).toEqual(PATIENT_ADMIN_MASK);
  });

  it('the desk books appointments without seeing why; only a treating clinician sees the whole appointment', () => {
    const desk = staff(['front_desk']);
    for (const action of ['read', 'search', 'create', 'update'] as const) {
      expect(decideAccess(request(desk, action, 'Appointment'))).toMatchObject({
        allowed: true,
        purposeOfUse: 'HOPERAT',
        fields: ADMIN_MASKS.Appointment,
      });
    }
    expect(ADMIN_MASKS.Appointment?.allow).not.toContain('reasonCode');
    expect(ADMIN_MASKS.Appointment?.allow).not.toContain('comment');
    expect(decideAccess(request(desk, 'delete', 'Appointment')).allowed).toBe(false);
    const care = { context: { careRelationship: true } };
    const seen = decideAccess(request(clinician, 'read', 'Appointment', care));
    expect(seen).toMatchObject({ allowed: true, purposeOfUse: 'TREAT' });
    expect(seen.fields).toBeUndefined();
    // A clinician who does not treat the patient sees the calendar as the desk does.
    expect(decideAccess(request(clinician, 'read', 'Appointment'))).toMatchObject({
      allowed: true,
      purposeOfUse: 'HOPERAT',
      fields: ADMIN_MASKS.Appointment,
    });
    // A proxy who only manages appointments, or a teen's guardian, sees when and with whom.
    const organiser: ProxyActor = {
      ...teenGuardian,
      scopes: ['appointments'],
      excludedCategories: [],
    };
    expect(decideAccess(request(organiser, 'read', 'Appointment')).fields).toEqual(
      ADMIN_MASKS.Appointment,
    );
    expect(decideAccess(request(teenGuardian, 'read', 'Appointment')).fields).toEqual(
      ADMIN_MASKS.Appointment,
    );
    const caregiver: ProxyActor = { ...organiser, scopes: ['read', 'appointments'] };
    expect(decideAccess(request(caregiver, 'read', 'Appointment')).fields).toBeUndefined();
    expect(decideAccess(request(staff(['billing']), 'read', 'Appointment')).reason).toBe(
      'denied_no_role_permission',
    );
  });

  it('the practice’s questionnaires: patients read them, clinical staff and the administrator write them', () => {
    const none = { target: { patientId: null } };
    expect(decideAccess(request(patient, 'read', 'Questionnaire', none)).reason).toBe(
      'allowed_directory',
    );
    expect(decideAccess(request(patient, 'create', 'Questionnaire', none)).allowed).toBe(false);
    expect(decideAccess(request(teenGuardian, 'search', 'Questionnaire', none)).allowed).toBe(true);
    for (const role of ['clinician', 'nurse', 'practice_admin'] as const) {
      expect(decideAccess(request(staff([role]), 'update', 'Questionnaire', none)).allowed).toBe(
        true,
      );
    }
    expect(
      decideAccess(request(staff(['front_desk']), 'update', 'Questionnaire', none)).allowed,
    ).toBe(false);
    // A teenager's own answers are theirs: a guardian under the teen policy does not see them.
    expect(decideAccess(request(teenGuardian, 'read', 'QuestionnaireResponse')).reason).toBe(
      'denied_teen_confidential',
    );
    // What a teenager asked of the practice about their record (restrictions) is theirs too.
    expect(decideAccess(request(teenGuardian, 'export', 'Consent')).reason).toBe(
      'denied_teen_confidential',
    );
    const adultsProxy: ProxyActor = { ...teenGuardian, excludedCategories: [] };
    expect(decideAccess(request(adultsProxy, 'read', 'Consent')).reason).toBe('allowed_proxy');
    // The answers are clinical: the desk never reads them.
    expect(
      decideAccess(request(staff(['front_desk']), 'read', 'QuestionnaireResponse')).reason,
    ).toBe('denied_no_role_permission');
  });

  it('a young child’s guardian answers the child’s questionnaires through the workflow, no other proxy', () => {
    const workflow = { target: { patientWorkflow: true as const } };
    const childGuardian: ProxyActor = {
      ...teenGuardian,
      scopes: ['read'],
      excludedCategories: [],
      speaksForPatient: true,
    };
    const answering = request(childGuardian, 'create', 'QuestionnaireResponse', workflow);
    expect(decideAccess(answering).reason).toBe('allowed_proxy');
    // Made up through the FHIR API, not checked against the questionnaire: refused.
    expect(decideAccess(request(childGuardian, 'create', 'QuestionnaireResponse')).allowed).toBe(
      false,
    );
    // Speaking for the child is about their answers only, not the rest of the record.
    expect(decideAccess(request(childGuardian, 'create', 'Observation', workflow)).allowed).toBe(
      false,
    );
    // Another patient's record stays closed.
    const other = { target: { patientId: 'p-other', patientWorkflow: true as const } };
    expect(
      decideAccess(request(childGuardian, 'create', 'QuestionnaireResponse', other)).reason,
    ).toBe('denied_other_patient');
    // A caregiver an adult chose, or a teenager's guardian, answers for no one.
    const caregiver: ProxyActor = { ...teenGuardian, scopes: ['read'], excludedCategories: [] };
    expect(
      decideAccess(request(caregiver, 'create', 'QuestionnaireResponse', workflow)).reason,
    ).toBe('denied_action_not_permitted');
    expect(
      decideAccess(request(teenGuardian, 'create', 'QuestionnaireResponse', workflow)).allowed,
    ).toBe(false);
  });

  it('messages: a proxy with the messaging scope writes through the workflow; a teen’s guardian never reads them', () => {
    const workflow = {
      target: { patientWorkflow: true as const, messagingWorkflow: true as const },
    };
    const caregiver: ProxyActor = {
      ...teenGuardian,
      scopes: ['read', 'messaging'],
      excludedCategories: [],
    };
    expect(decideAccess(request(caregiver, 'read', 'Communication')).reason).toBe('allowed_proxy');
    expect(decideAccess(request(caregiver, 'create', 'Communication', workflow)).reason).toBe(
      'allowed_proxy',
    );
    expect(decideAccess(request(caregiver, 'create', 'Communication')).allowed).toBe(false);
    // Reading the record is not reading the conversations.
    const reader: ProxyActor = { ...caregiver, scopes: ['read'] };
    expect(decideAccess(request(reader, 'read', 'Communication')).reason).toBe(
      'denied_proxy_scope',
    );
    // What a teenager and their care team write to each other stays between them (CHILD-2).
    const teensGuardian: ProxyActor = { ...teenGuardian, scopes: ['read', 'messaging'] };
    for (const action of ['read', 'search', 'create'] as const) {
      expect(decideAccess(request(teensGuardian, action, 'Communication', workflow)).reason).toBe(
        'denied_teen_confidential',
      );
    }
    // The desk and billing never read a conversation.
    for (const role of ['front_desk', 'billing'] as const) {
      expect(decideAccess(request(staff([role]), 'read', 'Communication')).reason).toBe(
        'denied_no_role_permission',
      );
    }
    // The care team writes only through the workflow too, so nobody files words in the
    // patient's name or changes them through the FHIR API.
    const messaging = {
      target: { messagingWorkflow: true as const },
      context: { careRelationship: true },
    };
    const clinician = staff(['clinician']);
    for (const action of ['create', 'update', 'delete'] as const) {
      const treating = { context: { careRelationship: true } };
      expect(decideAccess(request(clinician, action, 'Communication', treating)).reason).toBe(
        'denied_action_not_permitted',
      );
    }
    expect(decideAccess(request(clinician, 'create', 'Communication', messaging)).allowed).toBe(
      true,
    );
    expect(decideAccess(request(clinician, 'read', 'Communication', messaging)).allowed).toBe(true);
  });

  it('statements: billing issues them through the billing workflow; the patient marks one paid; clinicians see none', () => {
    const billing = { target: { billingWorkflow: true as const } };
    for (const action of ['create', 'update'] as const) {
      expect(decideAccess(request(staff(['billing']), action, 'Invoice', billing)).allowed).toBe(
        true,
      );
      // Not through the FHIR API: amounts come only from the lines the workflow adds up.
      expect(decideAccess(request(staff(['billing']), action, 'Invoice')).reason).toBe(
        'denied_action_not_permitted',
      );
    }
    expect(decideAccess(request(staff(['billing']), 'read', 'Invoice')).purposeOfUse).toBe(
      'HPAYMT',
    );
    const treating = { context: { careRelationship: true } };
    expect(decideAccess(request(staff(['clinician']), 'read', 'Invoice', treating)).reason).toBe(
      'denied_no_role_permission',
    );
    expect(decideAccess(request(patient, 'read', 'Invoice')).allowed).toBe(true);
    expect(decideAccess(request(patient, 'update', 'Invoice', billing)).allowed).toBe(true);
    expect(decideAccess(request(patient, 'update', 'Invoice')).allowed).toBe(false);
    expect(decideAccess(request(patient, 'create', 'Invoice', billing)).allowed).toBe(false);
    const payer: ProxyActor = { ...teenGuardian, scopes: ['billing'], excludedCategories: [] };
    expect(decideAccess(request(payer, 'update', 'Invoice', billing)).allowed).toBe(true);
    expect(decideAccess(request(payer, 'read', 'Observation')).reason).toBe('denied_proxy_scope');
    // A teenager's statements name the services they had: a guardian under the teen policy
    // sees none, whatever their scopes (CHILD-2).
    const teenPayer: ProxyActor = { ...teenGuardian, scopes: ['read', 'billing'] };
    expect(decideAccess(request(teenPayer, 'read', 'Invoice')).reason).toBe(
      'denied_teen_confidential',
    );
    expect(decideAccess(request(teenPayer, 'read', 'Coverage')).allowed).toBe(true);
    const reader: ProxyActor = { ...payer, scopes: ['read'] };
    expect(decideAccess(request(reader, 'read', 'Invoice')).reason).toBe('denied_proxy_scope');
    expect(decideAccess(request(reader, 'update', 'Invoice', billing)).reason).toBe(
      'denied_proxy_scope',
    );
  });

  it('schedules and slots: the desk, the administrator and clinicians keep them; nurses read them', () => {
    const none = { target: { patientId: null } };
    for (const role of ['front_desk', 'practice_admin', 'clinician'] as const) {
      expect(decideAccess(request(staff([role]), 'update', 'Slot', none)).allowed).toBe(true);
    }
    expect(decideAccess(request(staff(['nurse']), 'read', 'Schedule', none)).allowed).toBe(true);
    expect(decideAccess(request(staff(['nurse']), 'create', 'Slot', none)).allowed).toBe(false);
    expect(decideAccess(request(staff(['billing']), 'read', 'Slot', none)).allowed).toBe(false);
    // Patients book through the practice, not by reading its calendars (deny by default).
    expect(decideAccess(request(patient, 'search', 'Slot', none)).reason).toBe(
      'denied_other_patient',
    );
  });
});

describe('decideAccess: patients, external providers, jobs', () => {
  it('a patient creates only patient-authored types, and only through their workflow', () => {
    const workflow = { target: { patientWorkflow: true as const } };
    expect(
      decideAccess(request(patient, 'create', 'QuestionnaireResponse', workflow)).allowed,
    ).toBe(true);
    // Made up through the FHIR API, answers are refused: only the workflow checks them.
    expect(decideAccess(request(patient, 'create', 'QuestionnaireResponse')).reason).toBe(
      'denied_action_not_permitted',
    );
    // Messages to the care team, written through the messaging workflow only (USE-3).
    const messaging = {
      target: { patientWorkflow: true as const, messagingWorkflow: true as const },
    };
    expect(decideAccess(request(patient, 'create', 'Communication', messaging)).allowed).toBe(true);
    expect(decideAccess(request(patient, 'create', 'Communication', workflow)).allowed).toBe(false);
    expect(decideAccess(request(patient, 'create', 'Communication')).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'update', 'Communication', messaging)).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'create', 'Appointment', workflow)).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'create', 'Condition')).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(patient, 'delete', 'Communication')).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(
      decideAccess(
        request(patient, 'export', 'DocumentReference', { target: { sensitivity: ['HIV'] } }),
      ).purposeOfUse,
    ).toBe('PATRQT');
  });

  it('an external provider needs a matching, in-period consent and only reads', () => {
    const ctx = (c: ConsentFact) => ({ context: { consents: [c] } });
    expect(
      decideAccess(request(external, 'read', 'Condition', ctx({ ...share, grantee: 'org-2' })))
        .reason,
    ).toBe('denied_no_consent');
    expect(
      decideAccess(request(external, 'read', 'Condition', ctx({ ...share, kind: 'research' })))
        .reason,
    ).toBe('denied_no_consent');
    const ended = { ...share, period: { end: NOW } };
    expect(decideAccess(request(external, 'read', 'Condition', ctx(ended))).reason).toBe(
      'denied_no_consent',
    );
    expect(decideAccess(request(external, 'update', 'Condition', ctx(share))).reason).toBe(
      'denied_action_not_permitted',
    );
    expect(decideAccess(request(external, 'read', 'Coverage', ctx(share))).allowed).toBe(false);
    expect(
      decideAccess(
        request(external, 'read', 'Condition', { target: { sensitivity: ['HIV'] }, ...ctx(share) }),
      ).reason,
    ).toBe('denied_sensitive');
  });

  it('allows loudly named system jobs only', () => {
    const job = (name: string) => request({ kind: 'system', job: name }, 'read', 'Observation');
    expect(decideAccess(job('retention.erase'))).toEqual({
      allowed: true,
      reason: 'system_job',
      breakGlass: false,
      purposeOfUse: 'SYSADMIN',
    });
    expect(decideAccess(job('')).reason).toBe('denied_unnamed_job');
    expect(decideAccess(job('x')).reason).toBe('denied_unnamed_job');
  });

  it('a system client reads and writes unlabelled data only, never deletes, bound by restrictions on everyone', () => {
    const client = { kind: 'client', clientId: 'c-1', tenantId: TENANT } as const;
    expect(decideAccess(request(client, 'create', 'Observation'))).toMatchObject({
      allowed: true,
      reason: 'allowed_client',
      purposeOfUse: 'HOPERAT',
    });
    const labelled = { target: { sensitivity: ['HIV'] } };
    expect(decideAccess(request(client, 'read', 'Observation', labelled)).reason).toBe(
      'denied_sensitive',
    );
    expect(decideAccess(request(client, 'delete', 'Observation')).reason).toBe(
      'denied_action_not_permitted',
    );
    const onEveryone = { context: { restrictions: [{ status: 'granted' as const }] } };
    expect(decideAccess(request(client, 'read', 'Observation', onEveryone)).reason).toBe(
      'denied_restricted',
    );
    const onOneClinician = {
      context: { restrictions: [{ status: 'granted' as const, appliesToUserId: 'u-1' }] },
    };
    expect(decideAccess(request(client, 'read', 'Observation', onOneClinician)).allowed).toBe(true);
    const elsewhere = { ...client, tenantId: `${TENANT}-2` };
    expect(decideAccess(request(elsewhere, 'read', 'Observation')).reason).toBe(
      'denied_other_tenant',
    );
  });

  it('refuses an actor kind it does not know', () => {
    const stranger = { kind: 'platform_admin', userId: 'a', tenantId: TENANT } as never;
    expect(decideAccess(request(stranger, 'read', 'Patient')).reason).toBe('denied_unknown_actor');
  });
});
