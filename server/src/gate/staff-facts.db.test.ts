import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { staffClearance } from '../identity/staff/clearance.js';
import { sensitiveLabelsOf } from '../care/sensitive-access.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { createTestUser } from '../../test/identity-fixtures.js';
import { clearedStaff, grantLabels } from './gate-test-fixtures.js';
import { staffFacts } from './staff-facts.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(async () => db.close());

const NOW = new Date('2026-11-20T10:00:00Z');

describe('staff facts in one statement', () => {
  it('give the same clearance and labels as the one-by-one path, cleared or not', async () => {
    const tenantId = (await createTestTenant(db)).id;
    const cleared = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
    await grantLabels(db, tenantId, cleared, ['PSY', 'HIV']);
    const uncleared = (await createTestUser(db, keyring, { staff: { tenantId, role: 'nurse' } }))
      .userId;
    const outsider = (await createTestUser(db, keyring)).userId;
    for (const userId of [cleared, uncleared, outsider]) {
      for (const when of [NOW, new Date('2040-01-01T00:00:00Z')]) {
        await tenantTransaction(db, tenantId, async (tx) => {
          const fast = await staffFacts(tx, tenantId, userId, when);
          expect(fast.clearance).toEqual(await staffClearance(tx, { tenantId, userId, now: when }));
          expect(fast.labels).toEqual(await sensitiveLabelsOf(tx, tenantId, userId));
        });
      }
    }
  });
});
