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
import { issueTestToken } from '../api-auth/api-auth-test-fixtures.js';
import { credentialStanding } from '../api-auth/bearer-resolution.js';
import { credentialHash, deriveCredentialKey } from '../api-auth/credentials.js';
import { platformScope } from '../crypto/index.js';

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

  it('read with a staff token are the same facts, and a client token carries none', async () => {
    const tenantId = (await createTestTenant(db)).id;
    const cleared = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
    await grantLabels(db, tenantId, cleared, ['PSY']);
    const uncleared = (await createTestUser(db, keyring, { staff: { tenantId, role: 'nurse' } }))
      .userId;
    const key = deriveCredentialKey(await keyring.dataKey(platformScope()));
    for (const userId of [cleared, uncleared]) {
      const { token } = await issueTestToken(
        db,
        keyring,
        { staff: { tenantId, userId } },
        { now: NOW },
      );
      const credential = { tenantId, hash: credentialHash(key, token) };
      await tenantTransaction(db, tenantId, async (tx) => {
        const standing = await credentialStanding(tx, credential, NOW);
        expect(standing?.principal).toMatchObject({ kind: 'user', userId, actingAs: 'staff' });
        expect(standing?.staffFacts).toEqual(await staffFacts(tx, tenantId, userId, NOW));
      });
    }
    const client = await issueTestToken(db, keyring, { client: { tenantId } }, { now: NOW });
    await tenantTransaction(db, tenantId, async (tx) => {
      const credential = { tenantId, hash: credentialHash(key, client.token) };
      const standing = await credentialStanding(tx, credential, NOW);
      expect(standing?.principal.kind).toBe('client');
      expect(standing?.staffFacts).toBeUndefined();
    });
  });
});
