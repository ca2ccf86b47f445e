/**
 * The sandbox processor's card endpoint, POST /payment-sandbox/v1/tokens: the stand-in for a
 * live processor's hosted card fields. The portal's card form posts the card here, never to
 * Haven's API, and passes on only the token it gets back. Outside /api on purpose: with a live
 * processor this is another company's server, and nothing of Haven's reads these requests.
 * Nothing here is stored or logged, and errors name the field, never what was typed.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { SANDBOX_TOKENIZE_PATH, type SandboxProcessor } from './sandbox-processor.js';

const CardBody = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 23 }),
    expMonth: Type.Integer(),
    expYear: Type.Integer(),
    cvc: Type.String({ maxLength: 4 }),
  },
  { additionalProperties: false },
);

const TokenResponse = Type.Object({
  token: Type.String(),
  brand: Type.String(),
  last4: Type.String(),
  expMonth: Type.Integer(),
  expYear: Type.Integer(),
});

export function registerSandboxProcessorRoutes(
  app: FastifyInstance,
  processor: SandboxProcessor,
  now: () => Date,
): void {
  app.post(
    SANDBOX_TOKENIZE_PATH,
    {
      schema: {
        tags: ['payment-sandbox'],
        summary: 'The sandbox card processor: a card in, a single-purpose token out (test mode)',
        body: CardBody,
        response: { 201: TokenResponse },
      },
    },
    async (request, reply) => {
      const card = request.body as {
        number: string;
        expMonth: number;
        expYear: number;
        cvc: string;
      };
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await processor.tokenize(card, now()));
    },
  );
}
