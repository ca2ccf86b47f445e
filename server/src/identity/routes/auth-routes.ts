/**
 * Signing in and out: POST /api/auth/sign-in (password), /api/auth/second-factor (TOTP,
 * passkey, recovery or email code), /api/auth/sign-out, and GET /api/auth/session. Answers
 * carry the CSRF token the page must send back; the session itself travels only in the
 * HttpOnly cookie.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { systemTransaction } from '../../db/transactions.js';
import {
  clearSessionCookie,
  deviceIdFor,
  requirePendingSecondFactor,
  setSessionCookie,
} from '../http/auth-plugin.js';
import { derivedPlatformKey, type IdentityDeps } from '../identity-deps.js';
import { authenticationOptions, mfaMethods, type RelyingParty } from '../mfa/index.js';
import { endSession } from '../sessions/session-store.js';
import { csrfTokenFor, CSRF_KEY } from '../sessions/tokens.js';
import { completeSecondFactor, type SecondFactor } from '../sign-in/second-factor.js';
import { queueNewDeviceAlert, sendEmailSignInCode } from '../sign-in/sign-in-emails.js';
import { signIn } from '../sign-in/sign-in-service.js';
import { auditSecurityEvent } from '../security-audit.js';
import type { ClientInfo } from '../sign-in/sign-in-events.js';

export interface IdentityRouteOptions {
  deps: IdentityDeps;
  secureCookies: boolean;
  relyingParty: RelyingParty;
}

const Stage = Type.Union([Type.Literal('mfa'), Type.Literal('active')]);
const SecondFactorName = Type.Union([
  Type.Literal('totp'),
  Type.Literal('passkey'),
  Type.Literal('recovery_code'),
  Type.Literal('email_code'),
]);
const SignedInAnswer = Type.Object({
  stage: Stage,
  csrfToken: Type.String(),
  secondFactors: Type.Optional(Type.Array(SecondFactorName)),
});
const Empty = Type.Object({});

export function clientInfo(request: FastifyRequest, deviceId?: string): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'], deviceId };
}

export function registerAuthRoutes(app: FastifyInstance, options: IdentityRouteOptions): void {
  const { deps, secureCookies, relyingParty } = options;

  app.post(
    '/api/auth/sign-in',
    {
      config: { preSignIn: true },
      schema: {
        tags: ['identity'],
        summary: 'Sign in with email and password (the first factor)',
        body: Type.Object({
          email: Type.String({ minLength: 3, maxLength: 254 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }),
        response: { 200: SignedInAnswer },
      },
    },
    async (request, reply) => {
      const body = request.body as { email: string; password: string };
      const deviceId = deviceIdFor(request, reply, secureCookies);
      // A session id planted before sign-in is never reused: sign-in always makes a new one.
      if (request.session) {
        const old = request.session;
        await systemTransaction(deps.db, (tx) => endSession(tx, old.id, 'replaced', deps.now()));
      }
      const result = await signIn(deps, body, clientInfo(request, deviceId));
      setSessionCookie(reply, result.secrets.token, secureCookies);
      if (result.newDevice)
        await queueNewDeviceAlert(deps, result.userId, request.headers['user-agent']);
      if (result.stage === 'active')
        return { stage: result.stage, csrfToken: result.secrets.csrfToken };
      const methods = await systemTransaction(deps.db, (tx) => mfaMethods(tx, result.userId));
      const account = await systemTransaction(deps.db, (tx) =>
        tx
          .selectFrom('app_user')
          .select('mfa_email_enabled')
          .where('id', '=', result.userId)
          .executeTakeFirstOrThrow(),
      );
      const secondFactors: ('totp' | 'passkey' | 'recovery_code' | 'email_code')[] = [];
      if (methods.totp) secondFactors.push('totp');
      if (methods.passkeys > 0) secondFactors.push('passkey');
      if (account.mfa_email_enabled) secondFactors.push('email_code');
      if (methods.recoveryCodesLeft > 0) secondFactors.push('recovery_code');
      return { stage: result.stage, csrfToken: result.secrets.csrfToken, secondFactors };
    },
  );

  app.post(
    '/api/auth/second-factor/email-code',
    {
      schema: {
        tags: ['identity'],
        summary: 'Email a one-time sign-in code',
        response: { 202: Empty },
      },
    },
    async (request, reply) => {
      const session = requirePendingSecondFactor(request);
      await sendEmailSignInCode(deps, session.userId);
      return reply.code(202).send({});
    },
  );

  app.post(
    '/api/auth/second-factor/passkey-options',
    {
      schema: {
        tags: ['identity'],
        summary: 'Options for signing in with a passkey',
        response: { 200: Type.Object({}, { additionalProperties: true }) },
      },
    },
    async (request) => {
      const session = requirePendingSecondFactor(request);
      return systemTransaction(deps.db, (tx) =>
        authenticationOptions(tx, session.userId, relyingParty),
      );
    },
  );

  app.post(
    '/api/auth/second-factor',
    {
      schema: {
        tags: ['identity'],
        summary: 'Complete sign-in with a second factor',
        body: Type.Object({
          method: SecondFactorName,
          code: Type.Optional(Type.String({ minLength: 4, maxLength: 32 })),
          response: Type.Optional(Type.Object({}, { additionalProperties: true })),
        }),
        response: { 200: SignedInAnswer },
      },
    },
    async (request, reply) => {
      const session = requirePendingSecondFactor(request);
      const body = request.body as {
        method: SecondFactor['method'];
        code?: string;
        response?: unknown;
      };
      const factor: SecondFactor =
        body.method === 'passkey'
          ? { method: 'passkey', response: (body.response ?? {}) as AuthenticationResponseJSON }
          : { method: body.method, code: body.code ?? '' };
      const deviceId = deviceIdFor(request, reply, secureCookies);
      const done = await completeSecondFactor(
        deps,
        session,
        factor,
        clientInfo(request, deviceId),
        relyingParty,
      );
      setSessionCookie(reply, done.secrets.token, secureCookies);
      if (done.newDevice)
        await queueNewDeviceAlert(deps, session.userId, request.headers['user-agent']);
      return { stage: 'active' as const, csrfToken: done.secrets.csrfToken };
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign out of this browser',
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (session) {
        await systemTransaction(deps.db, async (tx) => {
          await endSession(tx, session.id, 'signed_out', deps.now());
          await auditSecurityEvent(tx, {
            userId: session.userId,
            action: 'sign_out',
            outcome: 'success',
            sourceAddress: request.ip,
          });
        });
      }
      clearSessionCookie(reply, secureCookies);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['identity'],
        summary: 'Whether this browser is signed in, and its CSRF token',
        response: {
          200: Type.Object({
            signedIn: Type.Boolean(),
            stage: Type.Optional(Stage),
            csrfToken: Type.Optional(Type.String()),
            idleTimeoutSeconds: Type.Optional(Type.Integer()),
          }),
        },
      },
    },
    async (request) => {
      const session = request.session;
      if (!session || !request.sessionToken) return { signedIn: false };
      const csrfToken = csrfTokenFor(
        await derivedPlatformKey(deps, CSRF_KEY),
        request.sessionToken,
      );
      return {
        signedIn: session.stage === 'active',
        stage: session.stage,
        csrfToken,
        idleTimeoutSeconds: session.idleTimeoutSeconds,
      };
    },
  );
}
