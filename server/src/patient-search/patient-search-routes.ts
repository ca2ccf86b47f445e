/**
 * Staff find a patient in their practice by name, date of birth or MRN (the console's patient
 * search). The search is the FHIR Patient search run through the access gate, as every record
 * read is: each match is decided and audited, and a patient the gate hides is simply not listed.
 * Demographics are not clinical data, so a clinician finds patients outside their care team
 * (to break the glass); what they may then read of the chart is the gate's decision again.
 */
import type { Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { staffRepository } from '../chart/record-request.js';
import { PRACTICE_MRN_SYSTEM, V2_IDENTIFIER_TYPE } from '../feeds/hl7v2/hl7-codes.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { signedInFirst } from '../identity/staff/signed-in-first.js';
import { patientSearchPlan, type PatientSearchQuery } from './patient-search-query.js';

const Uuid = Type.String({ format: 'uuid' });
const Term = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

const PatientRow = Type.Object({
  id: Uuid,
  name: Type.String(),
  birthDate: Type.Optional(Type.String()),
  gender: Type.Optional(Type.String()),
  mrn: Type.Optional(Type.String()),
});

/** Registers `GET /api/practices/:tenantId/patients` (call next to registerChartRoutes). */
export function registerPatientSearchRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/practices/:tenantId/patients',
    {
      preValidation: signedInFirst,
      schema: {
        summary: 'Find patients by name, date of birth or MRN (staff, through the access gate)',
        params: Type.Object({ tenantId: Uuid }),
        querystring: Type.Object({ name: Term(100), birthDate: Term(10), mrn: Term(64) }),
        response: {
          200: Type.Object({
            patients: Type.Array(PatientRow),
            /** More patients matched than are listed: the search should be narrowed. */
            more: Type.Boolean(),
          }),
        },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      // Who may search is settled before what they typed is looked at.
      const repository = await staffRepository(deps, request, tenantId);
      const plan = patientSearchPlan(request.query as PatientSearchQuery);
      const page = await repository.search(plan);
      const patients = page.resources
        .filter((r): r is Patient & { id: string } => r.resourceType === 'Patient' && !!r.id)
        .map(patientRow)
        .sort((a, b) => a.name.localeCompare(b.name));
      return { patients, more: page.more };
    },
  );
}

/** One line of the answer: only what picking the right patient needs. */
export function patientRow(patient: Patient & { id: string }) {
  const mrn = medicalRecordNumber(patient);
  return {
    id: patient.id,
    name: displayName(patient),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.gender ? { gender: patient.gender } : {}),
    ...(mrn ? { mrn } : {}),
  };
}

function displayName(patient: Patient): string {
  const names = patient.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old');
  if (!name) return '';
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family ?? ''].join(' ').trim();
}

/** The practice's own MRN, else any identifier typed as a medical record number. */
function medicalRecordNumber(patient: Patient): string | undefined {
  const identifiers = patient.identifier ?? [];
  const own = identifiers.find((i) => i.system === PRACTICE_MRN_SYSTEM);
  const typed = identifiers.find((i) =>
    i.type?.coding?.some((c) => c.system === V2_IDENTIFIER_TYPE && c.code === 'MR'),
  );
  return (own ?? typed)?.value;
}
