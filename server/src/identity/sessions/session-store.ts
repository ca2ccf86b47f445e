/**
 * Server-side sessions. The browser holds an opaque random token; the database holds its hash,
 * the CSRF token's hash, the stage ('mfa' after the password, 'active' after the second factor),
 * and the time-outs. A session is over when it was ended, sat idle past its idle time-out, or
 * reached its absolute lifetime; an expired session needs a full sign-in again.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/transactions.js';
import { csrfTokenFor, hashToken, newSecretToken } from './tokens.js';

export const ABSOLUTE_SESSION_SECONDS = 12 * 60 * 60;
// last_seen_at is written at most this often, so reads do not all become writes.
const TOUCH_INTERVAL_MS = 15_000;

export interface SessionSecrets {
  sessionId: string;
  token: string;
  csrfToken: string;
}

export interface Session {
  id: string;
  userId: string;
  stage: 'mfa' | 'active';
  mfaMethod: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  idleTimeoutSeconds: number;
  expiresAt: Date;
  actingTenantId: string | null;
  actingPatientId: string | null;
  csrfHash: Buffer;
}

export interface NewSession {
  userId: string;
  stage: 'mfa' | 'active';
  idleTimeoutSeconds: number;
  deviceId?: string | undefined;
  ip?: string | undefined;
  browser?: string | undefined;
  now: Date;
}

function secretsFor(sessionId: string, csrfKey: Buffer): SessionSecrets {
  const token = newSecretToken();
  return { sessionId, token, csrfToken: csrfTokenFor(csrfKey, token) };
}

export async function createSession(
  tx: Tx,
  csrfKey: Buffer,
  input: NewSession,
): Promise<SessionSecrets> {
  const secrets = secretsFor(randomUUID(), csrfKey);
  await tx
    .insertInto('user_session')
    .values({
      id: secrets.sessionId,
      token_hash: hashToken(secrets.token),
      csrf_hash: hashToken(secrets.csrfToken),
      user_id: input.userId,
      stage: input.stage,
      created_at: input.now,
      last_seen_at: input.now,
      idle_timeout_seconds: input.idleTimeoutSeconds,
      expires_at: new Date(input.now.getTime() + ABSOLUTE_SESSION_SECONDS * 1000),
      mfa_method: null,
      device_id: input.deviceId ?? null,
      ip: input.ip ?? null,
      browser: input.browser ?? null,
      acting_tenant_id: null,
      acting_patient_id: null,
    })
    .execute();
  return secrets;
}

/** The live session for a cookie token, or undefined (ending it if it has just timed out). */
export async function findLiveSession(
  tx: Tx,
  token: string,
  now: Date,
): Promise<Session | undefined> {
  const row = await tx
    .selectFrom('user_session')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const idleDeadline = row.last_seen_at.getTime() + row.idle_timeout_seconds * 1000;
  if (now.getTime() >= row.expires_at.getTime() || now.getTime() >= idleDeadline) {
    const reason = now.getTime() >= row.expires_at.getTime() ? 'expired' : 'idle_timeout';
    await endSession(tx, row.id, reason, now);
    return undefined;
  }
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
    await tx
      .updateTable('user_session')
      .set({ last_seen_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    id: row.id,
    userId: row.user_id,
    stage: row.stage,
    mfaMethod: row.mfa_method,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    idleTimeoutSeconds: row.idle_timeout_seconds,
    expiresAt: row.expires_at,
    actingTenantId: row.acting_tenant_id,
    actingPatientId: row.acting_patient_id,
    csrfHash: row.csrf_hash,
  };
}

/**
 * A new token and CSRF token for the same session, at a privilege change (second factor
 * passed): a token planted or observed before the change is worthless after it.
 */
export async function rotateSession(
  tx: Tx,
  csrfKey: Buffer,
  sessionId: string,
  change: { stage: 'active'; mfaMethod: string | null; now: Date },
): Promise<SessionSecrets> {
  const secrets = secretsFor(sessionId, csrfKey);
  await tx
    .updateTable('user_session')
    .set({
      token_hash: hashToken(secrets.token),
      csrf_hash: hashToken(secrets.csrfToken),
      stage: change.stage,
      mfa_method: change.mfaMethod,
      last_seen_at: change.now,
    })
    .where('id', '=', sessionId)
    .execute();
  return secrets;
}

export async function endSession(
  tx: Tx,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('user_session')
    .set({ ended_at: now, ended_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every live session of a user except one (password change, reset: all of them). */
export async function endUserSessions(
  tx: Tx,
  userId: string,
  reason: string,
  now: Date,
  exceptSessionId?: string,
): Promise<void> {
  let query = tx
    .updateTable('user_session')
    .set({ ended_at: now, ended_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
  await query.execute();
}

export interface SessionSummary {
  id: string;
  browser: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** The user's live sessions and devices, newest activity first. */
export async function listLiveSessions(
  tx: Tx,
  userId: string,
  now: Date,
): Promise<SessionSummary[]> {
  const rows = await tx
    .selectFrom('user_session')
    .select([
      'id',
      'browser',
      'ip',
      'created_at',
      'last_seen_at',
      'idle_timeout_seconds',
      'expires_at',
    ])
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows
    .filter(
      (r) =>
        now < r.expires_at &&
        now.getTime() < r.last_seen_at.getTime() + r.idle_timeout_seconds * 1000,
    )
    .map((r) => ({
      id: r.id,
      browser: r.browser,
      ip: r.ip,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
    }));
}

/** Sets whose record a proxy is acting on (null: their own). */
export async function setActingPatient(
  tx: Tx,
  sessionId: string,
  acting: { tenantId: string | null; patientId: string | null },
): Promise<void> {
  await tx
    .updateTable('user_session')
    .set({ acting_tenant_id: acting.tenantId, acting_patient_id: acting.patientId })
    .where('id', '=', sessionId)
    .execute();
}
