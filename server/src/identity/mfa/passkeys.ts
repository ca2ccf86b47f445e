/**
 * Managing registered passkeys: listing, counting and removing them. Registration and sign-in
 * are in webauthn.ts.
 */
import type { Tx } from '../../db/transactions.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A registered passkey as shown to its owner. */
export interface Passkey {
  id: string;
  name: string;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  transports: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The user's passkeys, oldest first. */
export async function listPasskeys(tx: Tx, userId: string): Promise<Passkey[]> {
  const rows = await tx
    .selectFrom('mfa_passkey')
    .select(['id', 'name', 'device_type', 'backed_up', 'transports', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    deviceType: row.device_type,
    backedUp: row.backed_up,
    transports: row.transports,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
  }));
}

/** How many passkeys the user has registered. */
export async function countPasskeys(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('mfa_passkey')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes one of the user's passkeys; false if the user has no passkey with that id. */
export async function removePasskey(tx: Tx, userId: string, passkeyId: string): Promise<boolean> {
  if (!UUID.test(passkeyId)) return false;
  const result = await tx
    .deleteFrom('mfa_passkey')
    .where('user_id', '=', userId)
    .where('id', '=', passkeyId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
