/**
 * The patient's questionnaires (DATA-6, DATA-12):
 * - GET /api/me/record/questionnaires: the practice's active questionnaires and the answers
 *   already in the open record;
 * - POST /api/me/record/questionnaire-responses: answer one; the answers are checked against
 *   the questionnaire and filed to the record as a completed QuestionnaireResponse.
 * A proxy reads the answers as far as their scope allows, but answers for no one (what a
 * patient reports about their own health is theirs to say), except a guardian of a child under
 * 13, who has no account of their own (CHILD-1): the guardian answers for the child, and the
 * response names them as its source.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ResourceSchema } from '../chart/chart-routes.js';
import { actingRepository } from '../chart/record-request.js';
import { AppError } from '../errors/app-error.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import type { Answers } from './questionnaire-answers.js';
import { patientQuestionnaires, submitAnswers } from './questionnaire-service.js';

const NewResponse = Type.Object(
  {
    questionnaireId: Type.String({ format: 'uuid' }),
    answers: Type.Record(
      Type.String({ minLength: 1, maxLength: 255 }),
      // Any JSON value: its type is checked against its question (questionnaire-answers.ts).
      // A typed union here would be coerced by the validator (true to "true").
      Type.Unknown(),
      { maxProperties: 200 },
    ),
  },
  { additionalProperties: false },
);

export function registerQuestionnaireRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/me/record/questionnaires',
    {
      schema: {
        tags: ['portal'],
        summary: "The practice's questionnaires, and the answers in the record I act on",
        response: {
          200: Type.Object({
            questionnaires: Type.Array(ResourceSchema),
            responses: Type.Array(ResourceSchema),
            canAnswer: Type.Boolean(),
          }),
        },
      },
    },
    async (request) => {
      const { repository, patientId, asProxy, speaksForPatient } = await actingRepository(
        deps,
        request,
      );
      return {
        ...(await patientQuestionnaires(repository, patientId)),
        canAnswer: !asProxy || speaksForPatient,
      };
    },
  );

  app.post(
    '/api/me/record/questionnaire-responses',
    {
      schema: {
        tags: ['portal'],
        summary: 'Answer one of the practice’s questionnaires; the answers go to my record',
        body: NewResponse,
        response: { 201: ResourceSchema },
      },
    },
    async (request, reply) => {
      const { repository, patientId, asProxy, speaksForPatient } = await actingRepository(
        deps,
        request,
      );
      if (asProxy && !speaksForPatient) {
        throw new AppError('forbidden', 'Only the patient answers their own questionnaires.');
      }
      const { questionnaireId, answers } = request.body as {
        questionnaireId: string;
        answers: Answers;
      };
      const response = await submitAnswers(
        repository,
        patientId,
        questionnaireId,
        answers,
        deps.now(),
        asProxy ? { guardianUserId: requireSignedIn(request).userId } : undefined,
      );
      return reply.code(201).send(response);
    },
  );
}
