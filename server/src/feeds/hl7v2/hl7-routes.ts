/**
 * The feed over HTTP, and the reconciliation queue for staff.
 *
 * `POST /api/feeds/hl7v2`: a registered system client of the practice (bearer token from the
 * client-credentials grant) posts one message as `application/hl7-v2` (or text/plain); the
 * practice is the token's. The answer is the ACK, `application/hl7-v2`: HTTP 200 for AA and
 * AE (the message was received and answered; MSA-1 says what happened), 400 for AR (not
 * acceptable as sent). Scopes: the interactions on the types the message writes, e.g.
 * `system/DiagnosticReport.cu` and `system/Observation.cu` for ORU^R01.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireBearer, requireScope } from '../../api-auth/index.js';
import { AppError } from '../../errors/app-error.js';
import { requirePatientDataAccess } from '../../identity/http/practice-guard.js';
import type { IdentityRouteOptions } from '../../identity/routes/auth-routes.js';
import type { StaffRole } from '../../identity/roles.js';
import type { ReconciliationStatus } from './feed-tables.js';
import { receiveMessage } from './feed-service.js';
import {
  discardReconciliation,
  listReconciliation,
  resolveReconciliation,
} from './reconciliation-service.js';

export const HL7_CONTENT_TYPE = 'application/hl7-v2';
const QUEUE_ROLES: readonly StaffRole[] = ['clinician', 'nurse', 'front_desk', 'practice_admin'];
/** What each message type writes: a client needs create and update on each. */
const WRITES: Readonly<Record<string, readonly string[]>> = {
  'ORU^R01': ['DiagnosticReport', 'Observation'],
  'ADT^A04': ['Patient'],
  'ADT^A08': ['Patient'],
  'VXU^V04': ['Immunization'],
};

const Uuid = Type.String({ format: 'uuid' });
const ItemParams = Type.Object({ tenantId: Uuid, id: Uuid });
const Status = Type.Union([
  Type.Literal('open'),
  Type.Literal('resolved'),
  Type.Literal('discarded'),
]);
const Item = Type.Object({
  id: Uuid,
  receivedAt: Type.String({ format: 'date-time' }),
  messageType: Type.String(),
  reason: Type.String(),
  status: Status,
  person: Type.Object({
    name: Type.Optional(Type.String()),
    birthDate: Type.Optional(Type.String()),
    identifier: Type.Optional(Type.String()),
  }),
});

/** MSH-9 read from the raw text, only to pick the scopes to check (the feed parses properly). */
function typeOf(body: string): string {
  const msh = body.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)[0] ?? '';
  const [type = '', event = ''] = (msh.split('|')[8] ?? '').split('^');
  return `${type}^${event}`.toUpperCase();
}

function staff(request: FastifyRequest, tenantId: string, userId: string) {
  return { tenantId, userId, sourceAddress: request.ip, requestId: String(request.id) };
}

export function registerHl7Routes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  const feed = { db: deps.db, keyring: deps.keyring, now: deps.now };

  // The HL7 content type is parsed only inside this plugin: no other route accepts it.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser(HL7_CONTENT_TYPE, { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/feeds/hl7v2',
      {
        schema: {
          tags: ['feeds'],
          summary:
            'Receive one HL7 v2 message (ORU^R01, ADT^A04/A08, VXU^V04) from a system client; answers with the ACK',
          consumes: [HL7_CONTENT_TYPE, 'text/plain'],
          body: Type.String({ minLength: 1 }),
          response: { 200: Type.String(), 400: Type.String() },
        },
      },
      async (request, reply) => {
        const principal = await requireBearer(request);
        if (principal.kind !== 'client')
          throw new AppError(
            'forbidden',
            'Only a registered system client may send feed messages.',
          );
        for (const type of WRITES[typeOf(request.body as string)] ?? []) {
          requireScope(request, principal, type, 'create');
          requireScope(request, principal, type, 'update');
        }
        const answer = await receiveMessage(feed, principal.tenantId, request.body as string);
        return reply
          .code(answer.code === 'AR' ? 400 : 200)
          .type(HL7_CONTENT_TYPE)
          .send(answer.ack);
      },
    );
    done();
  });

  app.get(
    '/api/practices/:tenantId/feeds/reconciliation',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Feed messages held because their patient matched no record or several (audited)',
        params: Type.Object({ tenantId: Uuid }),
        querystring: Type.Object({ status: Type.Optional(Status) }),
        response: { 200: Type.Object({ items: Type.Array(Item) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, QUEUE_ROLES);
      const status = (request.query as { status?: ReconciliationStatus }).status;
      return {
        items: await listReconciliation(feed, staff(request, tenantId, session.userId), status),
      };
    },
  );

  app.post(
    '/api/practices/:tenantId/feeds/reconciliation/:id/resolve',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Store a held message on the patient staff chose (audited)',
        params: ItemParams,
        body: Type.Object({ patientId: Uuid }),
        response: { 200: Type.Object({ status: Type.Literal('resolved'), text: Type.String() }) },
      },
    },
    async (request) => {
      const { tenantId, id } = request.params as { tenantId: string; id: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, QUEUE_ROLES);
      const { patientId } = request.body as { patientId: string };
      const result = await resolveReconciliation(
        feed,
        staff(request, tenantId, session.userId),
        id,
        patientId,
      );
      return { status: 'resolved' as const, text: result.text };
    },
  );

  app.post(
    '/api/practices/:tenantId/feeds/reconciliation/:id/discard',
    {
      schema: {
        tags: ['feeds'],
        summary: 'Discard a held message, with a reason (sealed; audited)',
        params: ItemParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: Type.Object({ status: Type.Literal('discarded') }) },
      },
    },
    async (request) => {
      const { tenantId, id } = request.params as { tenantId: string; id: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, QUEUE_ROLES);
      await discardReconciliation(
        feed,
        staff(request, tenantId, session.userId),
        id,
        (request.body as { reason: string }).reason,
      );
      return { status: 'discarded' as const };
    },
  );
}
