/**
 * The per-practice teen proxy policy: which sensitivity categories a 13-17-year-old's parent or
 * guardian does not see through proxy access. Teenagers may consent to some care on their own,
 * and that care stays confidential from the guardian who holds their proxy access.
 */
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';

/**
 * The categories a practice may exclude, as v3 ActCode sensitivity codes
 * (http://terminology.hl7.org/CodeSystem/v3-ActCode): SEX sexual and reproductive health,
 * PSY psychiatry (mental health), ETH substance use, HIV, GDIS genetic disease, BH behavioural
 * health, SDV sexual assault, abuse or domestic violence, STD sexually transmitted disease.
 */
export const TEEN_POLICY_CATEGORIES = [
  'SEX',
  'PSY',
  'ETH',
  'HIV',
  'GDIS',
  'BH',
  'SDV',
  'STD',
] as const;

/** A category a practice may exclude from a teenager's guardian. */
export type TeenPolicyCategory = (typeof TEEN_POLICY_CATEGORIES)[number];

/**
 * Excluded when a practice has not chosen: sexual and reproductive health, mental health,
 * substance use and HIV, the areas where minors commonly consent to care themselves.
 */
export const DEFAULT_TEEN_EXCLUDED_CATEGORIES: readonly TeenPolicyCategory[] = [
  'SEX',
  'PSY',
  'ETH',
  'HIV',
];

const ALLOWED = new Set<string>(TEEN_POLICY_CATEGORIES);

/**
 * The categories excluded from a teenager's guardian in this practice: its stored policy, or the
 * default when it has none. `tx` must be a tenant transaction for `tenantId`; the tenant wall
 * hides other practices' rows, so a mismatched id reads as "no policy".
 */
export async function teenExcludedCategories(tx: Tx, tenantId: string): Promise<string[]> {
  const row = await tx
    .selectFrom('practice_teen_policy')
    .select('excluded_categories')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row ? [...row.excluded_categories] : [...DEFAULT_TEEN_EXCLUDED_CATEGORIES];
}

/**
 * Sets the practice's teen policy; it applies from the next access check. Every category must
 * be one of TEEN_POLICY_CATEGORIES (validation_failed otherwise). An empty list is allowed: it
 * is the practice's choice to exclude nothing. Stored deduplicated, in the canonical order.
 * Authorising the caller (a practice administrator) is the caller's job.
 */
export async function setTeenExcludedCategories(
  tx: Tx,
  tenantId: string,
  categories: readonly string[],
): Promise<string[]> {
  const unknown = categories.filter((category) => !ALLOWED.has(category));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', 'Unknown sensitivity category.', [
      {
        location: 'categories',
        message: `each must be one of ${TEEN_POLICY_CATEGORIES.join(', ')}`,
      },
    ]);
  }
  const chosen = new Set(categories);
  const excluded = TEEN_POLICY_CATEGORIES.filter((category) => chosen.has(category));
  const updatedAt = new Date();
  await tx
    .insertInto('practice_teen_policy')
    .values({ tenant_id: tenantId, excluded_categories: excluded, updated_at: updatedAt })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ excluded_categories: excluded, updated_at: updatedAt }),
    )
    .execute();
  return excluded;
}
