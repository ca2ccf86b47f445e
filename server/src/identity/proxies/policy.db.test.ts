import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { createTestTenant, openTestDatabase } from '../../../test/test-database.js';
import { setTeenExcludedCategories, teenExcludedCategories } from './policy.js';
import { inTenant } from './proxy-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('the practice teen policy', () => {
  it('defaults to SEX, PSY, ETH, HIV and can be changed, for this practice only', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    const read = (tenantId: string) =>
      inTenant(db, tenantId, (tx) => teenExcludedCategories(tx, tenantId));
    expect(await read(a.id)).toEqual(['SEX', 'PSY', 'ETH', 'HIV']);
    const stored = await inTenant(db, a.id, (tx) =>
      setTeenExcludedCategories(tx, a.id, ['STD', 'PSY', 'PSY', 'SDV']),
    );
    expect(stored).toEqual(['PSY', 'SDV', 'STD']);
    expect(await read(a.id)).toEqual(['PSY', 'SDV', 'STD']);
    await inTenant(db, a.id, (tx) => setTeenExcludedCategories(tx, a.id, []));
    expect(await read(a.id)).toEqual([]);
    expect(await read(b.id)).toEqual(['SEX', 'PSY', 'ETH', 'HIV']);
  });

  it('accepts only the known sensitivity codes', async () => {
    const a = await createTestTenant(db);
    await expect(
      inTenant(db, a.id, (tx) => setTeenExcludedCategories(tx, a.id, ['PSY', 'psy'])),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      inTenant(db, a.id, (tx) => setTeenExcludedCategories(tx, a.id, ['R'])),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('cannot be written for another practice', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    await expect(
      inTenant(db, a.id, (tx) => setTeenExcludedCategories(tx, b.id, ['HIV'])),
    ).rejects.toThrow(/row-level security/);
  });
});
