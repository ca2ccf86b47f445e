/**
 * Managing my second factors (SEC-3): TOTP, passkeys, recovery codes, and email codes for
 * people without a smartphone. Enrolling one is a privilege change (staff reach patient data
 * only with strong MFA), so the session gets a new token. Removing a factor asks for the
 * password again: a borrowed, signed-in browser must not be enough to weaken an account.
 */
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { systemTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { accountContact, findAccountById } from '../accounts/accounts.js';
import { requireSignedIn, setSessionCookie } from '../http/auth-plugin.js';
import { platformKey } from '../identity-deps.js';
import {
  confirmTotpEnrolment,
  generateRecoveryCodes,
  listPasskeys,
  mfaMethods,
  registrationOptions,
  removePasskey,
  removeTotp,
  startTotpEnrolment,
  verifyRegistration,
} from '../mfa/index.js';
import { verifyPassword } from '../password-hashing.js';
import { rotateSession, type SessionSecrets } from '../sessions/session-store.js';
import { deriveCsrfKey } from '../sessions/tokens.js';
import { hit } from '../sign-in/rate-limit.js';
import { auditSecurityEvent } from '../security-audit.js';
import type { Tx } from '../../db/transactions.js';
import type { IdentityRouteOptions } from './auth-routes.js';

const Code = Type.String({ minLength: 4, maxLength: 32 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Rotated = Type.Object({ csrfToken: Type.String() });
const AnyJson = Type.Object({}, { additionalProperties: true });

export function registerMfaRoutes(app: FastifyInstance, options: IdentityRouteOptions): void {
  const { deps, secureCookies, relyingParty } = options;

  /**
   * A new second factor is enrolled: audit it and give the session a new token, since the
   * person's privileges just changed (staff may now reach patient data).
   */
  async function enrolled(
    tx: Tx,
    key: Buffer,
    session: { id: string; userId: string },
    method: 'totp' | 'passkey',
    reason: string,
    ip: string,
    now: Date,
  ): Promise<SessionSecrets> {
    await auditSecurityEvent(tx, {
      userId: session.userId,
      action: 'mfa_change',
      outcome: 'success',
      reason,
      sourceAddress: ip,
    });
    return rotateSession(tx, deriveCsrfKey(key), session.id, {
      stage: 'active',
      mfaMethod: method,
      now,
    });
  }

  /** Runs an MFA change and its audit entry in one transaction. */
  function mfaChange<T>(
    userId: string,
    reason: string,
    ip: string,
    change: (tx: Tx) => Promise<T>,
  ): Promise<T> {
    return systemTransaction(deps.db, async (tx) => {
      const result = await change(tx);
      await auditSecurityEvent(tx, {
        userId,
        action: 'mfa_change',
        outcome: 'success',
        reason,
        sourceAddress: ip,
      });
      return result;
    });
  }

  async function assertPassword(userId: string, password: string): Promise<void> {
    const account = await systemTransaction(deps.db, (tx) => findAccountById(tx, userId));
    if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, password))) {
      throw new AppError('validation_failed', 'Your password is not right.', [
        { location: 'password', message: 'is not right' },
      ]);
    }
  }

  app.get(
    '/api/me/mfa',
    {
      schema: {
        tags: ['account'],
        summary: 'My second factors',
        response: {
          200: Type.Object({
            totp: Type.Boolean(),
            emailCode: Type.Boolean(),
            recoveryCodesLeft: Type.Integer(),
            passkeys: Type.Array(
              Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      return systemTransaction(deps.db, async (tx) => {
        const methods = await mfaMethods(tx, session.userId);
        const account = await findAccountById(tx, session.userId);
        const passkeys = await listPasskeys(tx, session.userId);
        return {
          totp: methods.totp,
          emailCode: account?.mfaEmailEnabled ?? false,
          recoveryCodesLeft: methods.recoveryCodesLeft,
          passkeys: passkeys.map((p) => ({
            id: p.id,
            name: p.name,
            createdAt: p.createdAt.toISOString(),
          })),
        };
      });
    },
  );

  app.post(
    '/api/me/mfa/totp',
    {
      schema: {
        tags: ['account'],
        summary: 'Start enrolling an authenticator app',
        response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }) },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const key = await platformKey(deps);
      const enrolment = await systemTransaction(deps.db, async (tx) => {
        const contact = await accountContact(tx, key, session.userId);
        return startTotpEnrolment(tx, key, session.userId, {
          issuer: 'Haven',
          accountLabel: contact.email,
        });
      });
      return { secret: enrolment.secretBase32, otpauthUri: enrolment.otpauthUri };
    },
  );

  app.post(
    '/api/me/mfa/totp/confirm',
    {
      schema: {
        tags: ['account'],
        summary: 'Finish enrolling an authenticator app with a code from it',
        body: Type.Object({ code: Code }),
        response: { 200: Rotated },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const { code } = request.body as { code: string };
      const key = await platformKey(deps);
      const now = deps.now();
      const result = await systemTransaction(deps.db, async (tx) => {
        const tries = await hit(
          tx,
          { key: `totp-enrol:${session.userId}`, limit: 10, windowSeconds: 900 },
          now,
        );
        if (tries > 10) return { refused: new AppError('rate_limited') };
        if (!(await confirmTotpEnrolment(tx, key, session.userId, code, now))) {
          return {
            refused: new AppError('validation_failed', 'That code is not right.', [
              { location: 'code', message: 'is not right' },
            ]),
          };
        }
        return {
          secrets: await enrolled(tx, key, session, 'totp', 'totp_enrolled', request.ip, now),
        };
      });
      if (result.refused) throw result.refused;
      setSessionCookie(reply, result.secrets.token, secureCookies);
      return { csrfToken: result.secrets.csrfToken };
    },
  );

  app.post(
    '/api/me/mfa/totp/remove',
    {
      schema: {
        tags: ['account'],
        summary: 'Remove my authenticator app',
        body: Type.Object({ password: Password }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      await assertPassword(session.userId, (request.body as { password: string }).password);
      await mfaChange(session.userId, 'totp_removed', request.ip, (tx) =>
        removeTotp(tx, session.userId),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/me/mfa/passkeys/options',
    {
      schema: {
        tags: ['account'],
        summary: 'Options for adding a passkey',
        response: { 200: AnyJson },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const key = await platformKey(deps);
      return systemTransaction(deps.db, async (tx) => {
        const contact = await accountContact(tx, key, session.userId);
        return registrationOptions(
          tx,
          { id: session.userId, name: contact.email, displayName: contact.displayName },
          relyingParty,
        );
      });
    },
  );

  app.post(
    '/api/me/mfa/passkeys',
    {
      schema: {
        tags: ['account'],
        summary: 'Add a passkey',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 64 }),
          response: AnyJson,
        }),
        response: { 200: Rotated },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const body = request.body as { name: string; response: unknown };
      const key = await platformKey(deps);
      const now = deps.now();
      const result = await systemTransaction(deps.db, async (tx) => {
        const passkey = await verifyRegistration(
          tx,
          session.userId,
          body.response as RegistrationResponseJSON,
          relyingParty,
          {
            name: body.name,
          },
        );
        if (!passkey)
          return {
            refused: new AppError(
              'validation_failed',
              'The passkey could not be added. Try again.',
            ),
          };
        return {
          secrets: await enrolled(tx, key, session, 'passkey', 'passkey_added', request.ip, now),
        };
      });
      if (result.refused) throw result.refused;
      setSessionCookie(reply, result.secrets.token, secureCookies);
      return { csrfToken: result.secrets.csrfToken };
    },
  );

  app.post(
    '/api/me/mfa/passkeys/:passkeyId/remove',
    {
      schema: {
        tags: ['account'],
        summary: 'Remove a passkey',
        params: Type.Object({ passkeyId: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object({ password: Password }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      await assertPassword(session.userId, (request.body as { password: string }).password);
      const { passkeyId } = request.params as { passkeyId: string };
      const removed = await mfaChange(session.userId, 'passkey_removed', request.ip, (tx) =>
        removePasskey(tx, session.userId, passkeyId),
      );
      if (!removed) throw new AppError('not_found', 'No such passkey.');
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/me/mfa/recovery-codes',
    {
      schema: {
        tags: ['account'],
        summary: 'Make new recovery codes (the old ones stop working); shown once',
        body: Type.Object({ password: Password }),
        response: { 200: Type.Object({ codes: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      await assertPassword(session.userId, (request.body as { password: string }).password);
      const codes = await mfaChange(session.userId, 'recovery_codes_made', request.ip, (tx) =>
        generateRecoveryCodes(tx, session.userId),
      );
      return { codes };
    },
  );

  app.put(
    '/api/me/mfa/email-code',
    {
      schema: {
        tags: ['account'],
        summary: 'Use a code sent by email as my second factor (for people without a smartphone)',
        body: Type.Object({ enabled: Type.Boolean(), password: Password }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const body = request.body as { enabled: boolean; password: string };
      await assertPassword(session.userId, body.password);
      await mfaChange(
        session.userId,
        body.enabled ? 'email_code_on' : 'email_code_off',
        request.ip,
        (tx) =>
          tx
            .updateTable('app_user')
            .set({ mfa_email_enabled: body.enabled })
            .where('id', '=', session.userId)
            .execute(),
      );
      return reply.code(204).send();
    },
  );
}
