/**
 * Bearer tokens for tests of API routes (FHIR and others), written straight to the database so a
 * test gets one in a few milliseconds. They resolve exactly like issued tokens. The fixture
 * checks nothing a real issuer would (clearance, admin role, registered scopes): set those up in
 * the test when they matter, e.g. with clearedStaff (gate/gate-test-fixtures.ts).
 *
 *   const { authorization } = await issueTestToken(db, keyring, { staff: { tenantId, userId } });
 *   await app.inject({ url: `/fhir/...`, headers: { authorization } });
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { platformScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { createAccount } from '../identity/accounts/accounts.js';
import type { ActingAs, ApiTokenKind } from './api-auth-tables.js';
import { insertApiClient } from './api-clients.js';
import { insertApiToken } from './api-tokens.js';
import {
  credentialHash,
  deriveCredentialKey,
  formatClientId,
  newBearerToken,
  newClientSecret,
} from './credentials.js';

export type TestTokenHolder =
  /** A staff member's personal token (they must be in the practice's staff to resolve). */
  | { staff: { tenantId: string; userId: string } }
  /** A patient's personal token; their patient_account is made active for the record if absent. */
  | { patient: { tenantId: string; userId: string; patientId: string } }
  /** A new registered system client and a client_credentials token. */
  | { client: { tenantId: string; registeredBy?: string } };

export interface TestTokenOptions {
  /** Default: all types, every interaction, in the holder's context. */
  scopes?: string[];
  /** Default: now. */
  now?: Date;
  /** Default: 15 minutes. */
  expiresInSeconds?: number;
}

export interface TestToken {
  token: string;
  /** The header value: `Bearer <token>`. */
  authorization: string;
  tokenId: string;
  tenantId: string;
  /** For a client: its row id and public client id. */
  client?: { id: string; clientId: string; clientSecret: string };
}

async function anyAccount(db: HavenDatabase, key: Buffer): Promise<string> {
  const email = `api-client-${randomBytes(5).toString('hex')}@example.org`;
  // An unusable password hash: nobody signs in as this account.
  const passwordHash = '!';
  return systemTransaction(db, (tx) =>
    createAccount(tx, key, { email, displayName: 'Client Registrar', passwordHash }),
  );
}

export async function issueTestToken(
  db: HavenDatabase,
  keyring: Keyring,
  holder: TestTokenHolder,
  options: TestTokenOptions = {},
): Promise<TestToken> {
  const platform = await keyring.dataKey(platformScope());
  const key = deriveCredentialKey(platform);
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.expiresInSeconds ?? 900) * 1000);
  const { tenantId } =
    'staff' in holder ? holder.staff : 'patient' in holder ? holder.patient : holder.client;
  const kind: ApiTokenKind = 'client' in holder ? 'client_access' : 'personal';
  const token = newBearerToken(tenantId, kind);
  const tokenId = randomUUID();
  const actingAs: ActingAs | null =
    'staff' in holder ? 'staff' : 'patient' in holder ? 'patient' : null;
  const context = actingAs === 'staff' ? 'user' : actingAs === 'patient' ? 'patient' : 'system';
  const scopes = options.scopes ?? [`${context}/*.cruds`];
  const registrar =
    'client' in holder
      ? (holder.client.registeredBy ?? (await anyAccount(db, platform)))
      : undefined;
  const clientSecret = newClientSecret();
  const clientRowId = randomUUID();
  await tenantTransaction(db, tenantId, async (tx) => {
    if ('patient' in holder) {
      await tx
        .insertInto('patient_account')
        .values({
          tenant_id: tenantId,
          user_id: holder.patient.userId,
          patient_id: holder.patient.patientId,
          status: 'active',
        })
        .onConflict((c) => c.columns(['tenant_id', 'user_id']).doNothing())
        .execute();
    }
    if (registrar !== undefined) {
      await insertApiClient(tx, {
        tenantId,
        id: clientRowId,
        name: 'Test client',
        kind: 'system',
        scopes,
        secretHash: credentialHash(key, clientSecret),
        createdBy: registrar,
        createdAt: now,
      });
    }
    await insertApiToken(tx, {
      tenantId,
      id: tokenId,
      tokenHash: credentialHash(key, token),
      kind,
      clientId: registrar !== undefined ? clientRowId : null,
      userId:
        'staff' in holder
          ? holder.staff.userId
          : 'patient' in holder
            ? holder.patient.userId
            : null,
      actingAs,
      patientId: 'patient' in holder ? holder.patient.patientId : null,
      scopes,
      name: kind === 'personal' ? 'Test token' : null,
      createdAt: now,
      expiresAt,
    });
  });
  return {
    token,
    authorization: `Bearer ${token}`,
    tokenId,
    tenantId,
    ...(registrar !== undefined
      ? {
          client: {
            id: clientRowId,
            clientId: formatClientId(tenantId, clientRowId),
            clientSecret,
          },
        }
      : {}),
  };
}
