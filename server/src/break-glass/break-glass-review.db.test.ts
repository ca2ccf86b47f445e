import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { auditRows, grantRows, REASON, scene, staffIn } from './break-glass-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

interface QueueRow {
  id: string;
  userId: string;
  userName: string;
  patientId: string;
  reasonCode: string;
  reason: string;
  state: string;
  reviewNote: string | null;
}

describe('reviewing break-the-glass access', () => {
  it('the privacy officer sees pending grants with the reason unsealed, marks them justified or not, and a second review is 409', async () => {
    const s = await scene(db);
    const officer = await s.staff('privacy_officer');
    const clinician = await s.staff('clinician');
    const opened = await clinician.browser.request('POST', s.url, {
      reasonCode: 'emergency_care',
      reason: REASON,
    });
    s.clock.advance(60_000);
    const second = await clinician.browser.request('POST', s.url, {
      reasonCode: 'other',
      reason: 'Covering for a colleague on leave',
    });
    const first = opened.json<{ id: string }>().id;
    const other = second.json<{ id: string }>().id;
    const queue = `/api/practices/${s.tenantId}/break-glass/reviews`;

    const pending = await officer.browser.request('GET', `${queue}?state=pending`);
    expect(pending.statusCode).toBe(200);
    expect(pending.json<{ grants: QueueRow[] }>().grants).toEqual([
      expect.objectContaining({
        id: first,
        userId: clinician.user.userId,
        userName: 'Test Person',
        patientId: s.patientId,
        reasonCode: 'emergency_care',
        reason: REASON,
        state: 'pending',
      }),
      expect.objectContaining({ id: other, reason: 'Covering for a colleague on leave' }),
    ]);
    expect(await auditRows(db, s.tenantId, 'read')).toEqual([
      expect.objectContaining({ actor_user_id: officer.user.userId, data_category: 'break_glass' }),
    ]);

    const review = (id: string, body: object) =>
      officer.browser.request('POST', `${queue}/${id}`, body);
    expect((await review(first, { decision: 'justified' })).json()).toMatchObject({
      id: first,
      state: 'justified',
    });
    expect((await review(other, { decision: 'not_justified' })).statusCode).toBe(400);
    expect((await review(other, { decision: 'not_justified', note: '   ' })).statusCode).toBe(400);
    const note = 'No care relationship and no emergency on record';
    expect((await review(other, { decision: 'not_justified', note })).statusCode).toBe(200);
    expect((await review(first, { decision: 'not_justified', note })).statusCode).toBe(409);
    expect((await review(other, { decision: 'justified' })).statusCode).toBe(409);

    const list = async (state: string) =>
      (await officer.browser.request('GET', `${queue}?state=${state}`)).json<{
        grants: QueueRow[];
      }>().grants;
    expect(await list('pending')).toEqual([]);
    expect((await list('justified')).map((g) => g.id)).toEqual([first]);
    expect(await list('not_justified')).toEqual([
      expect.objectContaining({ id: other, reviewNote: note }),
    ]);
    const reviews = await auditRows(db, s.tenantId, 'break_glass');
    expect(reviews.filter((r) => r.actor_user_id === officer.user.userId)).toEqual([
      expect.objectContaining({ reason_code: 'review_justified', resource_id: first }),
      expect.objectContaining({ reason_code: 'review_not_justified', resource_id: other }),
    ]);
    const [row] = (await grantRows(db, s.tenantId)).filter((r) => r.id === other);
    expect(row?.review_note_sealed?.toString('latin1')).not.toContain('emergency on record');

    // The clinician is no privacy officer: neither the queue nor a verdict is theirs.
    expect((await clinician.browser.request('GET', queue)).statusCode).toBe(403);
    expect(
      (await clinician.browser.request('POST', `${queue}/${first}`, { decision: 'justified' }))
        .statusCode,
    ).toBe(403);
  });

  it('another practice’s privacy officer sees nothing: their queue is empty and ours answers 404', async () => {
    const s = await scene(db);
    const clinician = await s.staff('clinician');
    const id = (
      await clinician.browser.request('POST', s.url, {
        reasonCode: 'emergency_care',
        reason: REASON,
      })
    ).json<{ id: string }>().id;
    const other = await createTestTenant(db);
    const stranger = await staffIn(s.app, db, s.keyring, s.clock, other.id, 'privacy_officer');
    const ours = `/api/practices/${s.tenantId}/break-glass/reviews`;
    const theirs = `/api/practices/${other.id}/break-glass/reviews`;

    expect((await stranger.browser.request('GET', ours)).statusCode).toBe(404);
    expect((await stranger.browser.request('GET', theirs)).json()).toEqual({ grants: [] });
    const verdict = { decision: 'justified' };
    expect((await stranger.browser.request('POST', `${ours}/${id}`, verdict)).statusCode).toBe(404);
    expect((await stranger.browser.request('POST', `${theirs}/${id}`, verdict)).statusCode).toBe(
      404,
    );
    expect((await grantRows(db, s.tenantId)).map((r) => r.review_state)).toEqual(['pending']);
  });

  it('haven_app cannot delete a grant or change who, when or why, nor rewrite a verdict', async () => {
    const s = await scene(db);
    const clinician = await s.staff('clinician');
    const officer = await s.staff('privacy_officer');
    const id = (
      await clinician.browser.request('POST', s.url, {
        reasonCode: 'emergency_care',
        reason: REASON,
      })
    ).json<{ id: string }>().id;
    const attempt = (statement: ReturnType<typeof sql>) =>
      tenantTransaction(db, s.tenantId, (tx) => statement.execute(tx));
    const later = new Date(s.clock.now().getTime() + 24 * 3_600_000);

    await expect(attempt(sql`delete from break_glass_grant where id = ${id}`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      attempt(sql`update break_glass_grant set expires_at = ${later} where id = ${id}`),
    ).rejects.toThrow(/permission denied/);
    await expect(
      attempt(sql`update break_glass_grant set granted_at = ${later} where id = ${id}`),
    ).rejects.toThrow(/permission denied/);
    await expect(
      attempt(sql`update break_glass_grant set reason_code = 'other' where id = ${id}`),
    ).rejects.toThrow(/permission denied/);

    const queue = `/api/practices/${s.tenantId}/break-glass/reviews/${id}`;
    expect(
      (await officer.browser.request('POST', queue, { decision: 'justified' })).statusCode,
    ).toBe(200);
    await expect(
      attempt(sql`update break_glass_grant set review_state = 'pending', reviewed_by = null,
        reviewed_at = null where id = ${id}`),
    ).rejects.toThrow(/cannot change/);
    const [row] = await grantRows(db, s.tenantId);
    expect(row).toMatchObject({ review_state: 'justified', reason_code: 'emergency_care' });
  });

  it('nobody reviews their own emergency access, privacy officer or not', async () => {
    const s = await scene(db);
    const both = await s.staff('clinician');
    await tenantTransaction(db, s.tenantId, (tx) =>
      tx
        .insertInto('practice_membership')
        .values({ tenant_id: s.tenantId, user_id: both.user.userId, role: 'privacy_officer' })
        .execute(),
    );
    const id = (
      await both.browser.request('POST', s.url, { reasonCode: 'urgent_consult', reason: REASON })
    ).json<{ id: string }>().id;
    const own = `/api/practices/${s.tenantId}/break-glass/reviews/${id}`;
    expect((await both.browser.request('POST', own, { decision: 'justified' })).statusCode).toBe(
      403,
    );
    const colleague = await s.staff('privacy_officer');
    expect(
      (await colleague.browser.request('POST', own, { decision: 'justified' })).statusCode,
    ).toBe(200);
  });
});
