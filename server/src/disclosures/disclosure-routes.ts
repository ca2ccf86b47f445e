/**
 * The accounting of disclosures over HTTP: staff record a disclosure; privacy officers read a
 * patient's accounting; a patient (or a proxy with `read`) reads their own in plain language.
 * Every reading of an accounting is itself audited, in the transaction that reads it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { patientScope } from '../crypto/index.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError, notFound } from '../errors/app-error.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { requirePatientDataAccess } from '../identity/http/practice-guard.js';
import { actingContext } from '../identity/proxy-routes/acting-context.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import type { StaffRole } from '../identity/roles.js';
import { systemReadPatient } from '../records/system-patient-reader.js';
import {
  DisclosureBody,
  PatientReport,
  PeriodQuery,
  StaffDisclosure,
  StaffReport,
  Uuid,
  patientView,
  staffView,
  type DisclosureBodyInput,
} from './disclosure-schemas.js';
import { auditDisclosureRead } from './disclosure-audit.js';
import { disclosureReport, recordDisclosure, reportPeriod } from './disclosures.js';

const RECORDING_ROLES: readonly StaffRole[] = ['privacy_officer', 'clinician', 'practice_admin'];
const PatientParams = Type.Object({ tenantId: Uuid, patientId: Uuid });

/**
 * The patient's data key, or 404 when the practice has no such patient. Only read, never
 * created: a made-up id must not leave a key behind.
 */
async function patientKey(deps: IdentityDeps, tenantId: string, patientId: string) {
  const patient = await systemReadPatient(deps.db, deps.keyring, tenantId, patientId);
  const key = patient && (await deps.keyring.existingDataKey(patientScope(tenantId, patientId)));
  if (!key) throw notFound('No such patient.');
  return key;
}

/** The requested period as dates, with the clock's now for the six-year rule. */
function period(request: FastifyRequest, now: Date) {
  const query = request.query as { from?: string; to?: string };
  const parse = (name: 'from' | 'to') => {
    const value = query[name];
    if (value === undefined) return {};
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      throw new AppError('validation_failed', 'The period is not valid.', [
        { location: name, message: 'must be a date and time' },
      ]);
    }
    return { [name]: date };
  };
  return { ...parse('from'), ...parse('to'), now };
}

export function registerDisclosureRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.post(
    '/api/practices/:tenantId/patients/:patientId/disclosures',
    {
      schema: {
        tags: ['disclosures'],
        summary: 'Record a disclosure of the patient’s information outside the practice',
        params: PatientParams,
        body: DisclosureBody,
        response: { 201: StaffDisclosure },
      },
    },
    async (request, reply) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, RECORDING_ROLES);
      const body = request.body as DisclosureBodyInput;
      const key = await patientKey(deps, tenantId, patientId);
      const stored = await tenantTransaction(deps.db, tenantId, (tx) =>
        recordDisclosure(tx, key, {
          tenantId,
          patientId,
          recordedBy: session.userId,
          disclosedAt: new Date(body.disclosedAt),
          recipient: body.recipient,
          description: body.description,
          purpose: body.purpose,
          ...(body.legalBasis === undefined ? {} : { legalBasis: body.legalBasis }),
          now: deps.now(),
          sourceAddress: request.ip,
          requestId: request.id,
        }),
      );
      return reply.code(201).send(staffView(stored));
    },
  );

  app.get(
    '/api/practices/:tenantId/patients/:patientId/disclosures',
    {
      schema: {
        tags: ['disclosures'],
        summary: 'The patient’s accounting of disclosures (privacy officers; up to six years)',
        params: PatientParams,
        querystring: PeriodQuery,
        response: { 200: StaffReport },
      },
    },
    async (request) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, ['privacy_officer']);
      const asked = period(request, deps.now());
      const key = await patientKey(deps, tenantId, patientId);
      const report = await tenantTransaction(deps.db, tenantId, async (tx) => {
        const found = await disclosureReport(tx, key, tenantId, patientId, asked);
        // Reviewing an accounting is a compliance task of the practice: operations.
        await auditDisclosureRead(tx, {
          tenantId,
          patientId,
          actorUserId: session.userId,
          purposeOfUse: 'HOPERAT',
          sourceAddress: request.ip,
          requestId: request.id,
        });
        return found;
      });
      return {
        from: report.from.toISOString(),
        to: report.to.toISOString(),
        disclosures: report.disclosures.map(staffView),
      };
    },
  );

  app.get(
    '/api/me/record/disclosures',
    {
      schema: {
        tags: ['disclosures'],
        summary: 'Who the practice shared the record I am looking at with (up to six years)',
        querystring: PeriodQuery,
        response: { 200: PatientReport },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const acting = await actingContext(deps, session);
      if (!acting || !acting.scopes.includes('read'))
        throw new AppError('not_found', 'No record is open.');
      // Disclosures carry no sensitivity labels, so one may describe exactly the confidential
      // care a teenager's guardian must not see: a proxy with limits does not get the list.
      if (acting.onBehalfOf !== undefined && acting.excludedCategories.length > 0) {
        throw new AppError('forbidden', 'This record’s disclosures are not shared with proxies.');
      }
      const { tenantId, patientId } = acting;
      const asked = period(request, deps.now());
      // No key means nothing was ever sealed for this patient, so nothing was ever disclosed.
      const key = await deps.keyring.existingDataKey(patientScope(tenantId, patientId));
      const report = await tenantTransaction(deps.db, tenantId, async (tx) => {
        const found = key
          ? await disclosureReport(tx, key, tenantId, patientId, asked)
          : { ...reportPeriod(asked), disclosures: [] };
        await auditDisclosureRead(tx, {
          tenantId,
          patientId,
          actorUserId: session.userId,
          ...(acting.onBehalfOf ? { onBehalfOfUserId: acting.onBehalfOf } : {}),
          purposeOfUse: 'PATRQT',
          sourceAddress: request.ip,
          requestId: request.id,
        });
        return found;
      });
      return {
        from: report.from.toISOString(),
        to: report.to.toISOString(),
        disclosures: report.disclosures.map(patientView),
      };
    },
  );
}
