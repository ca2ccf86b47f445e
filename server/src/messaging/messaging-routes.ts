/**
 * Secure messages, the patient's side (USE-3), on the record the person acts on:
 * - GET /api/me/record/messages: the conversations, newest first, and whether the person may write;
 * - POST /api/me/record/messages: a new conversation with the care team (subject and text);
 * - POST /api/me/record/messages/:threadId/replies: a reply in one;
 * - GET /api/me/record/message-files/:messageId/:index: a file sent with a message.
 * A proxy reads and writes them with the messaging scope only, and a teenager's guardian never
 * (CHILD-2): the gate decides both. What a proxy writes names them as its writer.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actingRepository } from '../chart/record-request.js';
import { AppError } from '../errors/app-error.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import type { SentFile } from './message-attachments.js';
import { sendMessageFile } from './message-downloads.js';
import {
  AttachmentParams,
  FileResponse,
  NewThreadBody,
  ReplyBody,
  ThreadSchema,
  Uuid,
} from './message-schemas.js';
import { patientThreads, sendFromPatientSide, type PatientMessage } from './patient-messages.js';
import { writerName } from './writer-name.js';

export function registerMessagingRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/me/record/messages',
    {
      schema: {
        tags: ['portal'],
        summary: 'The conversations with the care team in the record I act on, newest first',
        response: {
          200: Type.Object({ threads: Type.Array(ThreadSchema), canWrite: Type.Boolean() }),
        },
      },
    },
    async (request) => {
      const { repository, patientId, mayMessage } = await actingRepository(deps, request);
      return { threads: await patientThreads(repository, patientId), canWrite: mayMessage };
    },
  );

  app.post(
    '/api/me/record/messages',
    {
      schema: {
        tags: ['portal'],
        summary: 'Start a conversation with the care team',
        body: NewThreadBody,
        response: { 201: ThreadSchema },
      },
    },
    async (request, reply) => {
      const { subject, text, attachments } = request.body as {
        subject: string;
        text: string;
        attachments?: SentFile[];
      };
      const thread = await send(deps, request, { subject, text, files: attachments ?? [] });
      return reply.code(201).send(thread);
    },
  );

  app.post(
    '/api/me/record/messages/:threadId/replies',
    {
      schema: {
        tags: ['portal'],
        summary: 'Reply in a conversation with the care team',
        params: Type.Object({ threadId: Uuid }),
        body: ReplyBody,
        response: { 201: ThreadSchema },
      },
    },
    async (request, reply) => {
      const { threadId } = request.params as { threadId: string };
      const { text, attachments } = request.body as { text: string; attachments?: SentFile[] };
      const thread = await send(deps, request, { threadId, text, files: attachments ?? [] });
      return reply.code(201).send(thread);
    },
  );

  app.get(
    '/api/me/record/message-files/:messageId/:index',
    {
      schema: {
        tags: ['portal'],
        summary: 'Download a file sent with a message in the record I act on',
        params: AttachmentParams,
        response: { 200: FileResponse },
      },
    },
    async (request, reply) => {
      const { messageId, index } = request.params as { messageId: string; index: number };
      const { repository } = await actingRepository(deps, request);
      return sendMessageFile(reply, repository, messageId, index);
    },
  );
}

async function send(
  deps: IdentityDeps,
  request: FastifyRequest,
  message: Pick<PatientMessage, 'text' | 'subject' | 'threadId' | 'files'>,
) {
  const { repository, patientId, asProxy, mayMessage } = await actingRepository(deps, request);
  if (!mayMessage) {
    throw new AppError('forbidden', 'You cannot write to the care team for this person.');
  }
  const userId = requireSignedIn(request).userId;
  const author: PatientMessage['author'] = asProxy
    ? { kind: 'proxy', userId, name: await writerName(deps, userId) }
    : { kind: 'patient', patientId };
  return sendFromPatientSide(repository, { ...message, patientId, author, now: deps.now() });
}
