/**
 * The store's refusal of a second writer: two writers of one resource's first version (a race
 * the caller's look-up cannot see) end in one stored version and a 409 for the other.
 */
import { randomUUID } from 'node:crypto';
import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { createTestPatient } from '../../test/patient-fixtures.js';
import { storedVersionCount } from '../../test/stored-records.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { RecordKeys } from './record-keys.js';
import { writeVersion } from './record-store.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const NOW = new Date('2026-11-20T10:00:00Z');

describe('the record store', () => {
  it('refuses a second first version of one id with a conflict, storing nothing of it', async () => {
    const tenantId = (await createTestTenant(db)).id;
    const patient = await createTestPatient(db, keyring, tenantId, { birthDate: '1980-02-03' });
    const keys = await RecordKeys.load(keyring, tenantId, [null, patient.id], { create: true });
    const result: Observation = {
      resourceType: 'Observation',
      id: randomUUID(),
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
      subject: { reference: `Patient/${patient.id}` },
      valueQuantity: { value: 6.9, unit: '%' },
    };
    // Both writers looked and found nothing (`located: null`): the first version's primary key
    // decides, in the one statement that stores version, current row and search terms.
    const write = (value: number) =>
      tenantTransaction(db, tenantId, (tx) =>
        writeVersion(
          tx,
          tenantId,
          keys,
          { ...result, valueQuantity: { value, unit: '%' } },
          {
            now: NOW,
            located: null,
          },
        ),
      );
    await write(6.9);
    await expect(write(7.4)).rejects.toMatchObject({ code: 'conflict' });
    expect(await storedVersionCount(db, tenantId, 'Observation')).toBe(1);
  });
});
