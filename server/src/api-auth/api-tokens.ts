/**
 * The `api_token` table: the only code that writes its SQL. Works inside a tenant transaction
 * handed to it. Only the HMAC of a token is ever written or compared here.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Tx } from '../db/transactions.js';
import { staffFactsColumns, type StaffFactsRow } from '../gate/staff-facts.js';
import type { ActingAs, ApiTokenKind, ApiTokenTable } from './api-auth-tables.js';

/** A token row, without its hash. */
export interface ApiToken {
  tenantId: string;
  id: string;
  kind: ApiTokenKind;
  clientId: string | null;
  userId: string | null;
  actingAs: ActingAs | null;
  patientId: string | null;
  scopes: string[];
  name: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface NewApiToken extends Omit<ApiToken, 'revokedAt'> {
  tokenHash: Buffer;
}

function tokenOf(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    kind: row.kind,
    clientId: row.client_id,
    userId: row.user_id,
    actingAs: row.acting_as,
    patientId: row.patient_id,
    scopes: row.scopes,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertApiToken(tx: Tx, token: NewApiToken): Promise<void> {
  await tx
    .insertInto('api_token')
    .values({
      tenant_id: token.tenantId,
      id: token.id,
      token_hash: token.tokenHash,
      kind: token.kind,
      client_id: token.clientId,
      user_id: token.userId,
      acting_as: token.actingAs,
      patient_id: token.patientId,
      scopes: token.scopes,
      name: token.name,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** A token with the revocation of the client it was issued to (null when none or not revoked). */
export interface ApiTokenWithClient extends ApiToken {
  clientRevokedAt: Date | null;
  /**
   * Whether the person still stands where the token put them: still staff of the practice, or
   * still the active account of the token's patient. False for a client's token.
   */
  personStands: boolean;
  /** A staff token's person's facts, read in the same statement. */
  staffFacts?: StaffFactsRow;
}

/**
 * The token stored under `tokenHash` in the practice, with its client's standing, its person's,
 * and for a staff token the staff member's facts (gate/staff-facts.ts), in one statement: every
 * API request reads it, so its access decision costs no further round trip for who is asking.
 */
export async function findApiTokenByHash(
  tx: Tx,
  tenantId: string,
  tokenHash: Buffer,
): Promise<ApiTokenWithClient | undefined> {
  const { rows } = await sql<TokenLookupRow>`
    select t.*, c.revoked_at as client_revoked_at,
      case t.acting_as
        when 'staff' then exists(select 1 from practice_membership m
          where m.tenant_id = t.tenant_id and m.user_id = t.user_id)
        when 'patient' then exists(select 1 from patient_account a
          where a.tenant_id = t.tenant_id and a.user_id = t.user_id and a.status = 'active'
            and a.patient_id = t.patient_id)
        else false end as person_stands,
      f.*
    from api_token t
    left join api_client c on c.tenant_id = t.tenant_id and c.id = t.client_id
    left join lateral (
      select ${staffFactsColumns(sql.ref('t.tenant_id'), sql.ref('t.user_id'))}
    ) f on t.acting_as = 'staff'
    where t.tenant_id = ${tenantId} and t.token_hash = ${tokenHash}`.execute(tx);
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...tokenOf(row),
    clientRevokedAt: row.client_revoked_at,
    personStands: row.person_stands === true,
    ...(row.acting_as === 'staff' ? { staffFacts: row } : {}),
  };
}

type TokenLookupRow = Selectable<ApiTokenTable> &
  StaffFactsRow & { client_revoked_at: Date | null; person_stands: boolean | null };

/** A person's own tokens in the practice, newest first, revoked and expired ones included. */
export async function listPersonalTokens(
  tx: Tx,
  tenantId: string,
  userId: string,
): Promise<ApiToken[]> {
  const rows = await tx
    .selectFrom('api_token')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal')
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(tokenOf);
}

/** Revokes one of a person's own tokens (idempotent); undefined when it is not theirs. */
export async function revokePersonalToken(
  tx: Tx,
  tenantId: string,
  userId: string,
  id: string,
  at: Date,
): Promise<ApiToken | undefined> {
  const owned = tx
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal');
  await owned.where('revoked_at', 'is', null).execute();
  const row = await tx
    .selectFrom('api_token')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('kind', '=', 'personal')
    .executeTakeFirst();
  return row ? tokenOf(row) : undefined;
}
