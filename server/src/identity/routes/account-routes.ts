/**
 * The signed-in person's own account: who am I, my sessions and devices (end any), my sign-in
 * history, change my password; and the password reset flow for people who cannot sign in.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { systemTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { accountContact, membershipsOf } from '../accounts/accounts.js';
import { requireSignedIn } from '../http/auth-plugin.js';
import { platformKey } from '../identity-deps.js';
import {
  changePassword,
  completePasswordReset,
  requestPasswordReset,
} from '../password/password-service.js';
import { endSession, listLiveSessions } from '../sessions/session-store.js';
import { signInHistory } from '../sign-in/sign-in-events.js';
import type { IdentityRouteOptions } from './auth-routes.js';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export function registerAccountRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.get(
    '/api/me',
    {
      schema: {
        tags: ['account'],
        summary: 'The signed-in person',
        response: {
          200: Type.Object({
            userId: Type.String(),
            displayName: Type.String(),
            email: Type.String(),
            memberships: Type.Array(Type.Object({ tenantId: Type.String(), role: Type.String() })),
          }),
        },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const key = await platformKey(deps);
      return systemTransaction(deps.db, async (tx) => {
        const contact = await accountContact(tx, key, session.userId);
        return {
          userId: session.userId,
          displayName: contact.displayName,
          email: contact.email,
          memberships: await membershipsOf(tx, session.userId),
        };
      });
    },
  );

  app.get(
    '/api/me/sessions',
    {
      schema: {
        tags: ['account'],
        summary: 'My active sessions and devices',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              current: Type.Boolean(),
              browser: Nullable(Type.String()),
              ip: Nullable(Type.String()),
              firstSeen: DateTime,
              lastSeen: DateTime,
            }),
          ),
        },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const sessions = await systemTransaction(deps.db, (tx) =>
        listLiveSessions(tx, session.userId, deps.now()),
      );
      return sessions.map((s) => ({
        id: s.id,
        current: s.id === session.id,
        browser: s.browser,
        ip: s.ip,
        firstSeen: s.createdAt.toISOString(),
        lastSeen: s.lastSeenAt.toISOString(),
      }));
    },
  );

  app.delete(
    '/api/me/sessions/:sessionId',
    {
      schema: {
        tags: ['account'],
        summary: 'End one of my sessions',
        params: Type.Object({ sessionId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const { sessionId } = request.params as { sessionId: string };
      const ended = await systemTransaction(deps.db, async (tx) => {
        const own = await tx
          .selectFrom('user_session')
          .select('id')
          .where('id', '=', sessionId)
          .where('user_id', '=', session.userId)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        if (own) await endSession(tx, own.id, 'ended_by_user', deps.now());
        return Boolean(own);
      });
      // Another person's session is "not found", like one that does not exist.
      if (!ended) throw new AppError('not_found', 'No such session.');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/me/sign-ins',
    {
      schema: {
        tags: ['account'],
        summary: 'My sign-in history',
        response: {
          200: Type.Array(
            Type.Object({
              at: DateTime,
              outcome: Type.String(),
              ip: Nullable(Type.String()),
              browser: Nullable(Type.String()),
            }),
          ),
        },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const rows = await systemTransaction(deps.db, (tx) => signInHistory(tx, session.userId));
      return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    },
  );

  app.post(
    '/api/me/password',
    {
      schema: {
        tags: ['account'],
        summary: 'Change my password (my other sessions end)',
        body: Type.Object({
          currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
          newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const body = request.body as { currentPassword: string; newPassword: string };
      await changePassword(deps, session, body.currentPassword, body.newPassword);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      config: { preSignIn: true },
      schema: {
        tags: ['account'],
        summary:
          'Ask for a password reset link (the answer is the same whether or not the account exists)',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) }),
        response: { 202: Type.Object({ message: Type.String() }) },
      },
    },
    async (request, reply) => {
      const { email } = request.body as { email: string };
      await requestPasswordReset(deps, email, request.ip);
      return reply.code(202).send({
        message:
          'If an account uses this address, we have sent it a link to choose a new password.',
      });
    },
  );

  app.post(
    '/api/auth/password-reset/complete',
    {
      config: { preSignIn: true },
      schema: {
        tags: ['account'],
        summary: 'Choose a new password with a reset link (ends every session)',
        body: Type.Object({
          token: Type.String({ minLength: 20, maxLength: 100 }),
          newPassword: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const body = request.body as { token: string; newPassword: string };
      await completePasswordReset(deps, body.token, body.newPassword);
      return reply.code(204).send();
    },
  );
}
