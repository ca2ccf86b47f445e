/**
 * Which sensitivity labels a staff member may see (ACC-6). Data labelled PSY, ETH, HIV, SEX,
 * GDIS, BH, SDV or STD is closed to every staff member not granted that label, care team or
 * not; a practice administrator grants labels to the people whose work needs them.
 */
import type { Tx } from '../db/transactions.js';
import { TEEN_POLICY_CATEGORIES } from '../identity/proxies/policy.js';

/** The sensitivity labels the gate knows (the same v3 ActCode set as the teen policy). */
export const SENSITIVITY_LABELS: readonly string[] = TEEN_POLICY_CATEGORIES;

/** The labels `userId` may see in the practice. */
export async function sensitiveLabelsOf(tx: Tx, tenantId: string, userId: string) {
  const rows = await tx
    .selectFrom('staff_sensitive_access')
    .select('label')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .orderBy('label')
    .execute();
  return rows.map((r) => r.label);
}

/** Replaces `userId`'s labels with `labels` (already validated against SENSITIVITY_LABELS). */
export async function setSensitiveLabels(
  tx: Tx,
  input: { tenantId: string; userId: string; labels: readonly string[]; grantedBy: string },
): Promise<void> {
  await tx
    .deleteFrom('staff_sensitive_access')
    .where('tenant_id', '=', input.tenantId)
    .where('user_id', '=', input.userId)
    .execute();
  const labels = [...new Set(input.labels)];
  if (labels.length === 0) return;
  await tx
    .insertInto('staff_sensitive_access')
    .values(
      labels.map((label) => ({
        tenant_id: input.tenantId,
        user_id: input.userId,
        label,
        granted_by: input.grantedBy,
      })),
    )
    .execute();
}
