/** Request and answer schemas of the API access management routes, and their JSON views. */
import { Type } from 'typebox';
import type { ApiClient } from './api-clients.js';
import type { ApiToken } from './api-tokens.js';
import { formatClientId } from './credentials.js';
import { MAX_PERSONAL_TOKEN_DAYS } from './personal-tokens.js';

const Uuid = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Scope = Type.String({ minLength: 1, maxLength: 200 });
const Scopes = Type.Array(Scope, { minItems: 1, maxItems: 50 });
const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);

export const PracticeParams = Type.Object({ tenantId: Uuid });
export const ClientParams = Type.Object({ tenantId: Uuid, clientId: Uuid });
export const TokenParams = Type.Object({ tokenId: Uuid });

export const ClientBody = Type.Object(
  {
    name: Name,
    kind: Type.Union([Type.Literal('system'), Type.Literal('user-delegated')]),
    scopes: Scopes,
  },
  { additionalProperties: false },
);

export const ClientAnswer = Type.Object({
  id: Uuid,
  /** The public client id used at the token endpoint. */
  clientId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  scopes: Type.Array(Type.String()),
  createdBy: Uuid,
  createdAt: Time,
  revokedAt: NullableTime,
});
export const RegisteredClientAnswer = Type.Object({
  ...ClientAnswer.properties,
  /** Shown once: Haven keeps only its HMAC. */
  clientSecret: Type.String(),
});

export const PersonalTokenBody = Type.Object(
  {
    name: Name,
    tenantId: Uuid,
    expiresInDays: Type.Integer({ minimum: 1, maximum: MAX_PERSONAL_TOKEN_DAYS }),
    scopes: Type.Optional(Scopes),
    actingAs: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('patient')])),
  },
  { additionalProperties: false },
);
export const RevokeTokenBody = Type.Object({ tenantId: Uuid }, { additionalProperties: false });

export const TokenAnswer = Type.Object({
  id: Uuid,
  tenantId: Uuid,
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  actingAs: Type.String(),
  patientId: Type.Union([Uuid, Type.Null()]),
  createdAt: Time,
  expiresAt: Time,
  revokedAt: NullableTime,
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});
export const CreatedTokenAnswer = Type.Object({
  ...TokenAnswer.properties,
  /** Shown once: Haven keeps only its HMAC. */
  token: Type.String(),
});

export function clientJson(client: ApiClient) {
  return {
    id: client.id,
    clientId: formatClientId(client.tenantId, client.id),
    name: client.name,
    kind: client.kind,
    scopes: client.scopes,
    createdBy: client.createdBy,
    createdAt: client.createdAt.toISOString(),
    revokedAt: client.revokedAt?.toISOString() ?? null,
  };
}

export function tokenJson(token: ApiToken, now: Date) {
  return {
    id: token.id,
    tenantId: token.tenantId,
    name: token.name ?? '',
    scopes: token.scopes,
    actingAs: token.actingAs ?? '',
    patientId: token.patientId,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
    status: token.revokedAt ? 'revoked' : token.expiresAt <= now ? 'expired' : 'active',
  } as const;
}
