/**
 * Which practice an import writes into: the one named by `--practice <slug>`, or the only one.
 * Guessing between several would put patients into the wrong practice, so that is refused with
 * the list to choose from.
 */
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { Practice } from '../tenancy/practices.js';

export async function choosePractice(db: HavenDatabase, slug?: string): Promise<Practice> {
  // The system path: no tenant is chosen yet, and only names and slugs are read.
  const practices = await systemTransaction(db, (tx) =>
    tx.selectFrom('practice').select(['id', 'slug', 'name']).orderBy('slug').execute(),
  );
  if (slug !== undefined) {
    const found = practices.find((p) => p.slug === slug);
    if (found) return found;
    throw new AppError('not_found', `No practice has the slug "${slug}". ${listed(practices)}`);
  }
  const [only, ...more] = practices;
  if (only && more.length === 0) return only;
  throw new AppError(
    'validation_failed',
    only
      ? `Several practices exist; choose one with --practice <slug>. ${listed(practices)}`
      : 'No practice exists yet; create one first (or seed the demo with `haven seed --demo`).',
  );
}

function listed(practices: readonly Practice[]): string {
  return practices.length > 0
    ? `Practices: ${practices.map((p) => p.slug).join(', ')}.`
    : 'No practice exists yet.';
}
