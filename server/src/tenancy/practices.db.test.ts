import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { createPractice, findPracticeBySlug, readPracticeAsTenant } from './practices.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('practices (tenants)', () => {
  it('creates a practice, found by slug and visible to its own tenant only', async () => {
    const practice = await createTestTenant(db, 'Riverside Family Medicine');
    expect(await findPracticeBySlug(db, practice.slug)).toEqual(practice);
    expect(await readPracticeAsTenant(db, practice.id)).toEqual([practice]);
    const other = await createTestTenant(db);
    expect(await readPracticeAsTenant(db, other.id)).toEqual([other]);
  });

  it('refuses a taken slug or a bad one, and writes nothing', async () => {
    const practice = await createTestTenant(db);
    const unusedSlug = `unused-${practice.slug}`;
    await expect(createPractice(db, { slug: practice.slug, name: 'Copy' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(createPractice(db, { slug: 'Bad Slug!', name: 'X' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(createPractice(db, { slug: unusedSlug, name: '   ' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(await findPracticeBySlug(db, practice.slug)).toEqual(practice);
    expect(await findPracticeBySlug(db, unusedSlug)).toBeUndefined();
  });
});
