import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessContext } from '../access/index.js';
import { activeBreakGlass, insertGrant } from '../break-glass/break-glass-grants.js';
import { buildConsent, buildRestriction, decideRestriction } from '../consents/consent-coding.js';
import { readConsentFacts } from '../consents/consent-facts.js';
import { patientScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction, type Tx } from '../db/transactions.js';
import { RecordKeys } from '../records/record-keys.js';
import { readCurrentVersion, writeVersion } from '../records/record-store.js';
import { statementCounter } from '../../test/statement-counter.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { chartWithRecords, clearedStaff, joinCareTeam } from './gate-test-fixtures.js';
import { readWithStaffContext, staffContext } from './staff-context.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(async () => db.close());

const NOW = new Date('2026-11-20T10:00:00Z');
const LATER = new Date('2026-11-20T12:00:00Z');

/** `tx` with a count of the statements sent through it. */
function counted(tx: Tx): { tx: Tx; statements: () => number } {
  const counter = statementCounter();
  return { tx: tx.withPlugin(counter.plugin), statements: counter.count };
}

/** Whether a care relationship is in force, queried on its own (the path before this statement). */
async function hasCareRelationship(
  tx: Tx,
  tenantId: string,
  userId: string,
  patientId: string,
  now: Date,
): Promise<boolean> {
  const row = await tx
    .selectFrom('care_relationship')
    .select('user_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('patient_id', '=', patientId)
    .where('starts_at', '<=', now)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** The context as the one-by-one queries read it (the path before this statement). */
async function oneByOne(
  tx: Tx,
  keys: RecordKeys,
  tenantId: string,
  userId: string,
  patientId: string,
  now: Date,
): Promise<AccessContext> {
  const careRelationship = await hasCareRelationship(tx, tenantId, userId, patientId, now);
  const grant = careRelationship
    ? undefined
    : await activeBreakGlass(tx, tenantId, userId, patientId, now);
  const facts = await readConsentFacts(tx, tenantId, keys, patientId);
  return { now, careRelationship, ...(grant ? { breakGlass: grant } : {}), ...facts };
}

describe('a staff member’s context in one statement', () => {
  it('is what the one-by-one queries read, with and without care, grants and consents', async () => {
    const tenantId = (await createTestTenant(db)).id;
    const chart = await chartWithRecords(db, keyring, tenantId, NOW);
    const { patientId } = chart;
    const treating = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
    const emergency = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
    const stranger = await clearedStaff(db, keyring, tenantId, 'nurse', NOW);
    await joinCareTeam(db, tenantId, patientId, treating, NOW);
    const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
    await tenantTransaction(db, tenantId, async (tx) => {
      await insertGrant(tx, {
        tenantId,
        id: randomUUID(),
        userId: emergency,
        patientId,
        reasonCode: 'emergency_care',
        reasonSealed: Buffer.from('sealed elsewhere'),
        grantedAt: NOW,
        expiresAt: new Date(NOW.getTime() + 60 * 60_000),
      });
      const restriction = buildRestriction({
        id: randomUUID(),
        patientId,
        categories: [],
        resourceTypes: ['Observation'],
        appliesToUserId: treating,
        reason: 'Personal reasons',
        now: NOW,
      });
      const granted = decideRestriction(restriction, {
        decision: 'granted',
        decidedBy: treating,
        at: NOW,
      });
      await writeVersion(tx, tenantId, keys, granted, { now: NOW });
      const research = buildConsent({ id: randomUUID(), patientId, kind: 'research', now: NOW });
      await writeVersion(tx, tenantId, keys, research, { now: NOW });
    });

    let compared = 0;
    for (const userId of [treating, emergency, stranger]) {
      for (const now of [NOW, LATER]) {
        await tenantTransaction(db, tenantId, async (tx) => {
          const expected = await oneByOne(tx, keys, tenantId, userId, patientId, now);
          const question = { tenantId, userId, now };
          expect(await staffContext(tx, keys, { ...question, patientId })).toEqual(expected);
          const read = await readWithStaffContext(tx, keys, {
            ...question,
            resourceType: 'Observation',
            id: chart.observationId,
          });
          expect(read?.context).toEqual(expected);
          const direct = await readCurrentVersion(
            tx,
            tenantId,
            keys,
            'Observation',
            chart.observationId,
          );
          expect(read?.stored).toEqual(direct);
          compared++;
        });
      }
    }
    expect(compared).toBe(6);
    // The facts the cases must cover, so the comparison above is not of empty contexts only.
    await tenantTransaction(db, tenantId, async (tx) => {
      const treated = await staffContext(tx, keys, {
        tenantId,
        userId: treating,
        now: NOW,
        patientId,
      });
      expect(treated.careRelationship).toBe(true);
      expect(treated.restrictions).toHaveLength(1);
      expect(treated.consents).toHaveLength(1);
      const glass = await staffContext(tx, keys, {
        tenantId,
        userId: emergency,
        now: NOW,
        patientId,
      });
      expect(glass.breakGlass?.reason).toBe('emergency_care');
    });
  });

  it('reads nothing for a record that is not there, and no patient for a non-UUID compartment', async () => {
    const tenantId = (await createTestTenant(db)).id;
    const userId = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
    const keys = await RecordKeys.load(keyring, tenantId, [], { create: false });
    await tenantTransaction(db, tenantId, async (tx) => {
      const question = { tenantId, userId, now: NOW, resourceType: 'Observation' };
      expect(
        await readWithStaffContext(tx, keys, { ...question, id: randomUUID() }),
      ).toBeUndefined();
      expect(
        await readWithStaffContext(tx, keys, { ...question, id: 'not-a-uuid' }),
      ).toBeUndefined();
      const none = await staffContext(tx, keys, { tenantId, userId, now: NOW, patientId: 'abc' });
      expect(none).toEqual({ now: NOW, careRelationship: false, consents: [], restrictions: [] });
    });
  });

  it('brings the patient’s key along: what a node has not cached opens with no statement of its own', async () => {
    const tenantId = (await createTestTenant(db)).id;
    const chart = await chartWithRecords(db, keyring, tenantId, NOW);
    const { patientId } = chart;
    const userId = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
    await joinCareTeam(db, tenantId, patientId, userId, NOW);
    const writerKeys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
    await tenantTransaction(db, tenantId, async (tx) => {
      const research = buildConsent({ id: randomUUID(), patientId, kind: 'research', now: NOW });
      await writeVersion(tx, tenantId, writerKeys, research, { now: NOW });
    });
    const question = { tenantId, userId, now: NOW };
    const read = { ...question, resourceType: 'Observation', id: chart.observationId };

    // Another node: its key cache is empty, so only the tenant key is loaded before the session.
    const coldKeys = () => RecordKeys.load(testKeyring(db), tenantId, [], { create: false });
    const forRead = await coldKeys();
    const forContext = await coldKeys();
    expect(forRead.has(patientId) || forContext.has(patientId)).toBe(false);
    await tenantTransaction(db, tenantId, async (tx) => {
      const onRead = counted(tx);
      const found = await readWithStaffContext(onRead.tx, forRead, read);
      expect(onRead.statements()).toBe(1);
      expect(found?.stored.resource.id).toBe(chart.observationId);
      expect(found?.context?.careRelationship).toBe(true);
      expect(found?.context?.consents).toHaveLength(1);
      expect(forRead.has(patientId)).toBe(true);

      const onContext = counted(tx);
      const context = await staffContext(onContext.tx, forContext, { ...question, patientId });
      expect(onContext.statements()).toBe(1);
      expect(context).toEqual(found?.context);
      expect(forContext.has(patientId)).toBe(true);
    });

    // Erased by another node: no generations come back, so the record reads as absent and no
    // consent binds, also on a node that still holds the key in its cache.
    const warm = testKeyring(db);
    await RecordKeys.load(warm, tenantId, [patientId], { create: false });
    await keyring.destroy(patientScope(tenantId, patientId));
    expect(warm.cachedPatientKeySet(patientScope(tenantId, patientId))).toBeDefined();
    const afterErasure = await RecordKeys.load(warm, tenantId, [], { create: false });
    await tenantTransaction(db, tenantId, async (tx) => {
      const onRead = counted(tx);
      expect(await readWithStaffContext(onRead.tx, afterErasure, read)).toBeUndefined();
      expect(onRead.statements()).toBe(1);
      expect(afterErasure.has(patientId)).toBe(false);
      const context = await staffContext(tx, afterErasure, { ...question, patientId });
      expect(context.consents).toEqual([]);
    });
  });
});
