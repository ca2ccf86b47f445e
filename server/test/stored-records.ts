/** What a test reads straight from the store, below the gate: to prove a refusal stored nothing. */
import type { HavenDatabase } from '../src/db/database.js';
import { tenantTransaction } from '../src/db/transactions.js';

/** How many versions of resources of `resourceType` the practice has stored, of any record. */
export async function storedVersionCount(
  db: HavenDatabase,
  tenantId: string,
  resourceType: string,
): Promise<number> {
  const rows = await tenantTransaction(db, tenantId, (tx) =>
    tx
      .selectFrom('fhir_resource')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('resource_type', '=', resourceType)
      .execute(),
  );
  return rows.length;
}
