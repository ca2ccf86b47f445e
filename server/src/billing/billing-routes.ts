/**
 * Statements and payments (DATA-5), the patient's side, on the record the person acts on:
 * - GET /api/me/billing/statements: the statements, newest first, with their payments;
 * - POST /api/me/billing/statements/:statementId/payments: pay one by card (a processor token).
 * And billing staff, for one patient:
 * - GET /api/practices/:tenantId/patients/:patientId/statements;
 * - POST /api/practices/:tenantId/patients/:patientId/statements: issue one;
 * - POST /api/practices/:tenantId/patients/:patientId/statements/:statementId/cancellation.
 * A proxy sees and pays statements with the billing scope only, and a teenager's guardian never
 * (CHILD-2); clinicians see none (the gate's role table: minimum necessary, ACC-2). Without a
 * card processor (production, until a live one is built) statements are shown, not paid here.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actingRepository, staffRepository } from '../chart/record-request.js';
import { AppError } from '../errors/app-error.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { checkedText } from '../messaging/message-text.js';
import {
  CancellationBody,
  NewStatementBody,
  PaymentBody,
  PaymentResultSchema,
  ProcessorSchema,
  StatementSchema,
  Uuid,
} from './billing-schemas.js';
import type { CardProcessor } from './card-processor.js';
import type { StatementRequest } from './statement-input.js';
import { payStatement } from './statement-payments.js';
import { cancelStatement, issueStatement, statementsOf } from './statements.js';

const StaffPatientParams = Type.Object({ tenantId: Uuid, patientId: Uuid });

export function registerBillingRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
  processor: CardProcessor | null,
): void {
  app.get(
    '/api/me/billing/statements',
    {
      schema: {
        tags: ['portal'],
        summary: 'The statements of the record I act on, newest first, with their payments',
        response: {
          200: Type.Object({
            statements: Type.Array(StatementSchema),
            canPay: Type.Boolean(),
            processor: Type.Union([ProcessorSchema, Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const { repository, patientId, mayPay } = await actingRepository(deps, request);
      return {
        statements: await statementsOf(deps, repository, patientId),
        canPay: mayPay && processor !== null,
        processor: processor && {
          tokenizeUrl: processor.tokenizeUrl,
          testMode: processor.testMode,
        },
      };
    },
  );

  app.post(
    '/api/me/billing/statements/:statementId/payments',
    {
      schema: {
        tags: ['portal'],
        summary: 'Pay a statement by card, with a token from the card processor',
        params: Type.Object({ statementId: Uuid }),
        body: PaymentBody,
        response: { 200: PaymentResultSchema, 201: PaymentResultSchema },
      },
    },
    async (request, reply) => {
      const { statementId } = request.params as { statementId: string };
      const body = request.body as { amountCents: number; token: string; idempotencyKey: string };
      const { repository, patientId, mayPay } = await actingRepository(deps, request);
      if (!mayPay) throw new AppError('forbidden', 'You cannot pay bills for this person.');
      if (!processor) {
        throw new AppError('unavailable', 'Paying by card is not set up at this practice yet.');
      }
      const result = await payStatement({ ...deps, processor }, repository, {
        ...body,
        patientId,
        statementId,
        paidBy: requireSignedIn(request).userId,
      });
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.get(
    '/api/practices/:tenantId/patients/:patientId/statements',
    {
      schema: {
        tags: ['billing'],
        summary: "A patient's statements, newest first, with their payments",
        params: StaffPatientParams,
        response: { 200: Type.Object({ statements: Type.Array(StatementSchema) }) },
      },
    },
    async (request) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const repository = await staffRepository(deps, request, tenantId);
      return { statements: await statementsOf(deps, repository, patientId) };
    },
  );

  app.post(
    '/api/practices/:tenantId/patients/:patientId/statements',
    {
      schema: {
        tags: ['billing'],
        summary: 'Issue a statement to a patient',
        params: StaffPatientParams,
        body: NewStatementBody,
        response: { 201: StatementSchema },
      },
    },
    async (request, reply) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const repository = await staffRepository(deps, request, tenantId);
      const statement = await issueStatement(
        deps,
        repository,
        patientId,
        request.body as StatementRequest,
      );
      return reply.code(201).send(statement);
    },
  );

  app.post(
    '/api/practices/:tenantId/patients/:patientId/statements/:statementId/cancellation',
    {
      schema: {
        tags: ['billing'],
        summary: 'Withdraw a statement issued in error (one without payments)',
        params: Type.Object({ tenantId: Uuid, patientId: Uuid, statementId: Uuid }),
        body: CancellationBody,
        response: { 200: StatementSchema },
      },
    },
    async (request) => {
      const { tenantId, patientId, statementId } = request.params as {
        tenantId: string;
        patientId: string;
        statementId: string;
      };
      const reason = checkedText(
        (request.body as { reason: string }).reason,
        200,
        '/reason',
        'The statement cannot be withdrawn as asked.',
      );
      const repository = await staffRepository(deps, request, tenantId);
      return cancelStatement(deps, repository, patientId, statementId, reason);
    },
  );
}
