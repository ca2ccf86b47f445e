/**
 * Secure messages, the care team's side (USE-3), for a clinician or nurse of the practice:
 * - GET /api/practices/:tenantId/messages: conversations of my patients waiting for an answer;
 * - GET /api/practices/:tenantId/messages/:threadId: one conversation;
 * - POST .../messages/:threadId/replies: answer it (the patient's side is told by email that
 *   there is something new, never what);
 * - POST .../messages/:threadId/handled: mark it handled without an answer;
 * - GET .../message-files/:messageId/:index: a file sent with a message;
 * - GET and POST .../patients/:patientId/messages: a patient's conversations (the chart), and
 *   a new one the care team starts;
 * - POST .../message-withdrawals: withdraw a message one sent in error.
 * Each goes through the staff member's repository: a conversation of a patient they do not
 * treat is not found.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { staffRepository } from '../chart/record-request.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import {
  patientConversations,
  startFromCareTeam,
  withdrawMessage,
  wroteAsCareTeam,
} from './care-team-conversations.js';
import { answerThread, careTeamInbox, careTeamThread } from './care-team-inbox.js';
import type { SentFile } from './message-attachments.js';
import { sendMessageFile } from './message-downloads.js';
import {
  FileResponse,
  HandledBody,
  NewThreadBody,
  StaffReplyBody,
  StaffAttachmentParams,
  ThreadSchema,
  Uuid,
} from './message-schemas.js';

const InboxEntrySchema = Type.Object({
  threadId: Type.String(),
  patientId: Type.String(),
  patientName: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  waitingSince: Type.String(),
  waitingCount: Type.Integer(),
});
const ThreadParams = Type.Object({ tenantId: Uuid, threadId: Uuid });
const PatientParams = Type.Object({ tenantId: Uuid, patientId: Uuid });

export function registerInboxRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.get(
    '/api/practices/:tenantId/messages',
    {
      schema: {
        tags: ['practice'],
        summary: "Conversations of my patients waiting for the care team's answer, oldest first",
        params: Type.Object({ tenantId: Uuid }),
        response: { 200: Type.Object({ conversations: Type.Array(InboxEntrySchema) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const repository = await staffRepository(deps, request, tenantId);
      const userId = requireSignedIn(request).userId;
      return { conversations: await careTeamInbox(deps, repository, userId) };
    },
  );

  app.get(
    '/api/practices/:tenantId/messages/:threadId',
    {
      schema: {
        tags: ['practice'],
        summary: 'One conversation with a patient',
        params: ThreadParams,
        response: {
          200: Type.Object({
            thread: ThreadSchema,
            patientName: Type.Union([Type.String(), Type.Null()]),
            mine: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const { tenantId, threadId } = request.params as { tenantId: string; threadId: string };
      const repository = await staffRepository(deps, request, tenantId);
      const { thread, patientName, raw } = await careTeamThread(repository, threadId);
      const userId = requireSignedIn(request).userId;
      // The messages this reader wrote, which they may withdraw.
      const mine = raw.filter((m) => wroteAsCareTeam(m, userId)).map((m) => m.id ?? '');
      return { thread, patientName, mine };
    },
  );

  app.post(
    '/api/practices/:tenantId/messages/:threadId/replies',
    {
      schema: {
        tags: ['practice'],
        summary: 'Answer a conversation; its waiting messages become handled',
        params: ThreadParams,
        body: StaffReplyBody,
        response: { 201: ThreadSchema },
      },
    },
    async (request, reply) => {
      const { tenantId, threadId } = request.params as { tenantId: string; threadId: string };
      const { text, attachments, seen } = request.body as {
        text: string;
        attachments?: SentFile[];
        seen: string[];
      };
      const repository = await staffRepository(deps, request, tenantId);
      const userId = requireSignedIn(request).userId;
      const files = attachments ?? [];
      const answer = { userId, threadId, seen, text, files };
      const thread = await answerThread(deps, repository, answer);
      return reply.code(201).send(thread);
    },
  );

  app.post(
    '/api/practices/:tenantId/messages/:threadId/handled',
    {
      schema: {
        tags: ['practice'],
        summary: 'Mark a conversation handled without an answer',
        params: ThreadParams,
        body: HandledBody,
        response: { 200: ThreadSchema },
      },
    },
    async (request) => {
      const { tenantId, threadId } = request.params as { tenantId: string; threadId: string };
      const { seen } = request.body as { seen: string[] };
      const repository = await staffRepository(deps, request, tenantId);
      const userId = requireSignedIn(request).userId;
      return answerThread(deps, repository, { userId, threadId, seen });
    },
  );

  app.post(
    '/api/practices/:tenantId/message-withdrawals',
    {
      schema: {
        tags: ['practice'],
        summary: 'Withdraw a message I sent in error: neither side shows it any more',
        params: Type.Object({ tenantId: Uuid }),
        body: Type.Object({ messageId: Uuid }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params as { tenantId: string };
      const { messageId } = request.body as { messageId: string };
      const repository = await staffRepository(deps, request, tenantId);
      const userId = requireSignedIn(request).userId;
      await withdrawMessage(repository, { userId, messageId });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/practices/:tenantId/patients/:patientId/messages',
    {
      schema: {
        tags: ['practice'],
        summary: "A patient's conversations with the care team, newest first (the chart)",
        params: PatientParams,
        response: { 200: Type.Object({ threads: Type.Array(ThreadSchema) }) },
      },
    },
    async (request) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const repository = await staffRepository(deps, request, tenantId);
      return { threads: await patientConversations(repository, patientId) };
    },
  );

  app.post(
    '/api/practices/:tenantId/patients/:patientId/messages',
    {
      schema: {
        tags: ['practice'],
        summary: 'Start a conversation with a patient; their side is told there is something new',
        params: PatientParams,
        body: NewThreadBody,
        response: { 201: ThreadSchema },
      },
    },
    async (request, reply) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const { subject, text, attachments } = request.body as {
        subject: string;
        text: string;
        attachments?: SentFile[];
      };
      const repository = await staffRepository(deps, request, tenantId);
      const userId = requireSignedIn(request).userId;
      const thread = await startFromCareTeam(deps, repository, {
        userId,
        patientId,
        subject,
        text,
        files: attachments ?? [],
      });
      return reply.code(201).send(thread);
    },
  );

  app.get(
    '/api/practices/:tenantId/message-files/:messageId/:index',
    {
      schema: {
        tags: ['practice'],
        summary: 'Download a file sent with a message',
        params: StaffAttachmentParams,
        response: { 200: FileResponse },
      },
    },
    async (request, reply) => {
      const { tenantId, messageId, index } = request.params as {
        tenantId: string;
        messageId: string;
        index: number;
      };
      const repository = await staffRepository(deps, request, tenantId);
      return sendMessageFile(reply, repository, messageId, index);
    },
  );
}
