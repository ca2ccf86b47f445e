/**
 * POST /oauth2/token (RFC 6749 §3.2): form-encoded, as the RFC requires, or JSON. Answers and
 * errors are in the RFC's shape (`{"error":"invalid_client"}`), not Haven's, because OAuth client
 * libraries read them. Client authentication: HTTP Basic (client_secret_basic) or client_id and
 * client_secret in the body (client_secret_post), never both. Rate-limited per address and per
 * client id in the database, so every node counts the same.
 *
 * Later, for SMART: authorization_code and refresh_token grants, and private_key_jwt client
 * assertions (SMART Backend Services), are added here as further grant types.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { systemTransaction } from '../db/transactions.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { hit } from '../identity/sign-in/rate-limit.js';
import { clientCredentialsGrant } from './client-credentials.js';
import { parseClientId } from './credentials.js';

const OAuthError = Type.Object({
  error: Type.String(),
  error_description: Type.Optional(Type.String()),
});
const TokenAnswer = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
});
const Param = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const TokenBody = Type.Object(
  {
    grant_type: Param(100),
    scope: Param(4000),
    client_id: Param(200),
    client_secret: Param(200),
  },
  { additionalProperties: true },
);
type TokenParams = {
  grant_type?: string;
  scope?: string;
  client_id?: string;
  client_secret?: string;
};

const STATUS: Record<string, number> = { invalid_client: 401, rate_limited: 429 };
const LIMITS = { perAddress: 60, perClient: 30, windowSeconds: 60 };

function oauthError(reply: FastifyReply, error: string, description: string): FastifyReply {
  // A client that sent Basic credentials must be challenged in the same scheme (§5.2).
  if (error === 'invalid_client') void reply.header('www-authenticate', 'Basic realm="haven"');
  if (error === 'rate_limited') void reply.header('retry-after', String(LIMITS.windowSeconds));
  return reply
    .code(STATUS[error] ?? 400)
    .header('pragma', 'no-cache')
    .send({ error, error_description: description });
}

/** Form parameters; a repeated one becomes an array, which the schema refuses (§3.2). */
function parseForm(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...[seen].flat(), value];
  }
  return params;
}

type ClientAuth = { clientId: string; clientSecret: string } | 'invalid_request' | undefined;

function clientAuthentication(request: FastifyRequest, body: TokenParams): ClientAuth {
  const header = request.headers.authorization;
  if (header === undefined || !/^basic /i.test(header)) {
    if (body.client_id === undefined || body.client_secret === undefined) return undefined;
    return { clientId: body.client_id, clientSecret: body.client_secret };
  }
  if (body.client_secret !== undefined) return 'invalid_request';
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    // RFC 6749 §2.3.1: both halves are form-encoded before joining.
    const clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
    const clientSecret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
    if (body.client_id !== undefined && body.client_id !== clientId) return 'invalid_request';
    return { clientId, clientSecret };
  } catch {
    return undefined;
  }
}

/** Counts this request; true when the address or the client is over its limit. */
async function overLimit(deps: IdentityDeps, address: string, clientId: string | undefined) {
  const now = deps.now();
  const window = LIMITS.windowSeconds;
  return systemTransaction(deps.db, async (tx) => {
    const byAddress = await hit(
      tx,
      { key: `oauth-token:ip:${address}`, limit: LIMITS.perAddress, windowSeconds: window },
      now,
    );
    // Only well-formed ids get a counter, so junk cannot fill the table.
    const byClient =
      clientId !== undefined && parseClientId(clientId)
        ? await hit(
            tx,
            {
              key: `oauth-token:client:${clientId}`,
              limit: LIMITS.perClient,
              windowSeconds: window,
            },
            now,
          )
        : 0;
    return byAddress > LIMITS.perAddress || byClient > LIMITS.perClient;
  });
}

export function registerTokenEndpoint(app: FastifyInstance, deps: IdentityDeps): void {
  // The form parser is scoped to this route: no other Haven route accepts form bodies.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_request, body, parsed) => parsed(null, parseForm(String(body))),
    );
    scope.post(
      '/oauth2/token',
      {
        // Used by machines, not pages: no session CSRF token (a browser's Origin is still checked).
        config: { preSignIn: true },
        attachValidation: true,
        schema: {
          tags: ['api-auth'],
          summary: 'OAuth 2.0 token endpoint (client_credentials for system clients)',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: TokenBody,
          response: { 200: TokenAnswer, 400: OAuthError, 401: OAuthError, 429: OAuthError },
        },
      },
      async (request, reply) => {
        if (request.validationError || typeof request.body !== 'object' || request.body === null)
          return oauthError(reply, 'invalid_request', 'The request parameters are malformed.');
        const body = request.body as TokenParams;
        const auth = clientAuthentication(request, body);
        const named = typeof auth === 'object' ? auth.clientId : body.client_id;
        if (await overLimit(deps, request.ip, named))
          return oauthError(reply, 'rate_limited', 'Too many token requests; try again later.');
        if (auth === 'invalid_request')
          return oauthError(reply, 'invalid_request', 'Authenticate the client one way only.');
        if (body.grant_type === undefined)
          return oauthError(reply, 'invalid_request', 'The grant_type parameter is missing.');
        if (auth === undefined)
          return oauthError(reply, 'invalid_client', 'Client authentication failed.');
        if (body.grant_type !== 'client_credentials')
          return oauthError(
            reply,
            'unsupported_grant_type',
            'Only client_credentials is supported.',
          );
        const result = await clientCredentialsGrant(deps, {
          ...auth,
          scope: body.scope,
          sourceAddress: request.ip,
        });
        if (!result.ok) return oauthError(reply, result.error, result.description);
        return reply.header('pragma', 'no-cache').send({
          access_token: result.accessToken,
          token_type: 'Bearer',
          expires_in: result.expiresIn,
          scope: result.scope,
        });
      },
    );
    done();
  });
}
