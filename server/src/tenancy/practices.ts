/**
 * Practices are Haven's tenants. Creating one is a platform operation (it happens before any
 * tenant exists to bind a transaction to), so it takes the system path.
 */
import { randomUUID } from 'node:crypto';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction, type Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';

export interface Practice {
  id: string;
  slug: string;
  name: string;
}

export interface NewPractice {
  slug: string;
  name: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Creates a practice; a taken slug is a conflict and nothing is written. */
export async function createPractice(db: HavenDatabase, input: NewPractice): Promise<Practice> {
  if (!SLUG.test(input.slug)) {
    throw new AppError(
      'validation_failed',
      'The practice slug must be 2-63 lower-case letters, digits or dashes.',
      [{ location: 'slug', message: 'must match ^[a-z0-9][a-z0-9-]{1,62}$' }],
    );
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw new AppError('validation_failed', 'The practice name must be 1-200 characters.', [
      { location: 'name', message: 'must be 1-200 characters' },
    ]);
  }
  return systemTransaction(db, async (tx) => {
    const taken = await tx
      .selectFrom('practice')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (taken) throw new AppError('conflict', 'A practice with this slug exists already.');
    const practice = { id: randomUUID(), slug: input.slug, name };
    await tx.insertInto('practice').values(practice).execute();
    return practice;
  });
}

/** Finds a practice by its slug (platform look-up, e.g. at sign-in). */
export async function findPracticeBySlug(
  db: HavenDatabase,
  slug: string,
): Promise<Practice | undefined> {
  return systemTransaction(db, (tx) =>
    tx
      .selectFrom('practice')
      .select(['id', 'slug', 'name'])
      .where('slug', '=', slug)
      .executeTakeFirst(),
  );
}

/** The practice a tenant transaction is bound to (row-level security shows only that one). */
export async function currentPractice(tx: Tx): Promise<Practice | undefined> {
  return tx.selectFrom('practice').select(['id', 'slug', 'name']).executeTakeFirst();
}

/** Reads the practice through the tenant wall; used to prove the wall holds. */
export async function readPracticeAsTenant(
  db: HavenDatabase,
  tenantId: string,
): Promise<Practice[]> {
  return tenantTransaction(db, tenantId, (tx) =>
    tx.selectFrom('practice').select(['id', 'slug', 'name']).execute(),
  );
}
