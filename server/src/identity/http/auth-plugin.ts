/**
 * Who is asking: the session cookie, checked on every request, and CSRF protection on every
 * state-changing request from a browser. The cookie is HttpOnly, SameSite=Strict, and Secure
 * wherever Haven is served over TLS; the CSRF token (an HMAC of the session token) must come
 * back in the `X-CSRF-Token` header, and a browser's Origin must be Haven's own.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { derivedPlatformKey, type IdentityDeps } from '../identity-deps.js';
import { findLiveSession, type Session } from '../sessions/session-store.js';
import { csrfTokenFor, CSRF_KEY, newSecretToken } from '../sessions/tokens.js';
import { timingSafeEqual } from 'node:crypto';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route for people not signed in yet: no session CSRF token is required. */
    preSignIn?: boolean;
  }
  interface FastifyRequest {
    /** The live session behind the request's cookie, if any (any stage). */
    session: Session | undefined;
    /** The cookie token of that session (to derive its CSRF token). */
    sessionToken: string | undefined;
  }
}

export const SESSION_COOKIE = 'haven_session';
export const DEVICE_COOKIE = 'haven_device';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEVICE_COOKIE_DAYS = 400;

export interface AuthOptions {
  deps: IdentityDeps;
  secureCookies: boolean;
}

export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest('session', undefined);
  app.decorateRequest('sessionToken', undefined);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    // A bearer token (api-auth/) is a credential of its own. With a session cookie too, whose
    // request it is would be ambiguous: refused. Without one nothing ambient rides along, so the
    // CSRF and Origin checks below, which protect the cookie, do not apply to it.
    const bearer = /^bearer /i.test(request.headers.authorization ?? '');
    if (bearer && token !== undefined) {
      throw new AppError(
        'bad_request',
        'Send either a session cookie or a bearer token, not both.',
      );
    }
    if (token && token.length <= 64) {
      const now = options.deps.now();
      request.session = await systemTransaction(options.deps.db, (tx) =>
        findLiveSession(tx, token, now),
      );
      if (request.session) {
        request.sessionToken = token;
        request.log = request.log.child({
          actorId: request.session.userId,
          sessionId: request.session.id,
        });
      }
    }
    if (SAFE_METHODS.has(request.method) || bearer) return;
    assertSameOrigin(request);
    // Routes used before signing in (sign-in, reset, enrolment) rely on the Origin check and
    // SameSite cookies: a cookie planted in the browser must not stop its owner signing in.
    const config = request.routeOptions.config;
    if (request.session && !config?.preSignIn) await assertCsrfToken(request, options.deps);
  });
}

function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return; // not a browser, or a same-origin request some browsers leave unmarked
  if (origin !== `${request.protocol}://${request.host}`) {
    throw new AppError('forbidden', 'This request came from another site and was refused.');
  }
}

async function assertCsrfToken(request: FastifyRequest, deps: IdentityDeps): Promise<void> {
  const presented = request.headers['x-csrf-token'];
  const expected = csrfTokenFor(
    await derivedPlatformKey(deps, CSRF_KEY),
    request.sessionToken ?? '',
  );
  const ok =
    typeof presented === 'string' &&
    presented.length === expected.length &&
    timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
  if (!ok)
    throw new AppError('forbidden', 'The request is missing its CSRF token; reload the page.');
}

/** The signed-in person's session (both factors done), or 401. */
export function requireSignedIn(request: FastifyRequest): Session {
  const session = request.session;
  if (!session || session.stage !== 'active') throw new AppError('unauthenticated');
  return session;
}

/** A session between password and second factor, or 401. */
export function requirePendingSecondFactor(request: FastifyRequest): Session {
  const session = request.session;
  if (!session || session.stage !== 'mfa')
    throw new AppError('unauthenticated', 'Sign in with your password first.');
  return session;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/** The browser's device id, set once as a long-lived cookie (to notice new devices). */
export function deviceIdFor(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = request.cookies[DEVICE_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const id = newSecretToken();
  void reply.setCookie(DEVICE_COOKIE, id, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  });
  return id;
}
