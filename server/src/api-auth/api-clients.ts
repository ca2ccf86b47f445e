/**
 * The `api_client` table: the only code that writes its SQL. Works inside a tenant transaction
 * handed to it; the caller has checked who may act.
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../db/transactions.js';
import type { ApiClientKind, ApiClientTable } from './api-auth-tables.js';

/** A registered client as its administrators see it (never its secret hash). */
export interface ApiClient {
  tenantId: string;
  id: string;
  name: string;
  kind: ApiClientKind;
  scopes: string[];
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A client with what authenticating it needs. */
export interface ApiClientWithSecret extends ApiClient {
  secretHash: Buffer | null;
}

function clientOf(row: Selectable<ApiClientTable>): ApiClientWithSecret {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    name: row.name,
    kind: row.kind,
    scopes: row.scopes,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    secretHash: row.secret_hash,
  };
}

function publicView({ secretHash: _secret, ...client }: ApiClientWithSecret): ApiClient {
  return client;
}

export interface NewApiClient {
  tenantId: string;
  id: string;
  name: string;
  kind: ApiClientKind;
  scopes: string[];
  secretHash: Buffer;
  createdBy: string;
  createdAt: Date;
}

export async function insertApiClient(tx: Tx, client: NewApiClient): Promise<ApiClient> {
  const row = await tx
    .insertInto('api_client')
    .values({
      tenant_id: client.tenantId,
      id: client.id,
      name: client.name,
      kind: client.kind,
      scopes: client.scopes,
      secret_hash: client.secretHash,
      created_by: client.createdBy,
      created_at: client.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return publicView(clientOf(row));
}

/** The practice's clients, oldest first, revoked ones included (for the record). */
export async function listApiClients(tx: Tx, tenantId: string): Promise<ApiClient[]> {
  const rows = await tx
    .selectFrom('api_client')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => publicView(clientOf(row)));
}

/** One client with its secret hash, for the token endpoint. */
export async function findApiClient(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<ApiClientWithSecret | undefined> {
  const row = await tx
    .selectFrom('api_client')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? clientOf(row) : undefined;
}

/**
 * Revokes a client (idempotent: a revoked client keeps its first revocation). Its tokens stop
 * working at once, because every bearer request checks the client too.
 */
export async function revokeApiClient(
  tx: Tx,
  tenantId: string,
  id: string,
  by: string,
  at: Date,
): Promise<ApiClient | undefined> {
  await tx
    .updateTable('api_client')
    .set({ revoked_at: at, revoked_by: by })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  const client = await findApiClient(tx, tenantId, id);
  return client ? publicView(client) : undefined;
}
