import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { createPerson, signedInBrowser } from '../identity/proxy-routes/proxy-routes-fixtures.js';
import { openTestDatabase, testKeyring } from '../../test/test-database.js';
import { TestBrowser } from '../../test/identity-fixtures.js';
import { consentPractice } from './consent-test-fixtures.js';
import type { RestrictionView } from './consent-views.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const REQUEST = {
  categories: ['PSY', 'notes'],
  resourceTypes: ['DocumentReference'],
  appliesToRole: 'front_desk',
  reason: 'My neighbour works at the front desk.',
};

describe('restriction requests (RIGHT-6)', () => {
  it('a restriction binds only once a privacy officer grants it, and the facts say so at once', async () => {
    const { patient, officer, facts, stored, tenantId } = await consentPractice(db);
    const { patientId, browser } = await patient();
    const requested = await browser.request('POST', '/api/me/restrictions', REQUEST);
    expect(requested.statusCode).toBe(201);
    const restriction = requested.json<RestrictionView>();
    expect(restriction).toMatchObject({ status: 'requested', ...REQUEST });
    expect((await facts(patientId)).restrictions).toEqual([
      {
        status: 'requested',
        appliesToRole: 'front_desk',
        categories: ['PSY', 'notes'],
        resourceTypes: ['DocumentReference'],
      },
    ]);

    const po = await officer();
    const url = `/api/practices/${tenantId}/restrictions`;
    const queue = await po.browser.request('GET', `${url}?status=requested`);
    expect(queue.statusCode).toBe(200);
    expect(queue.json<{ restrictions: RestrictionView[] }>().restrictions).toEqual([
      expect.objectContaining({ id: restriction.id, patientId, reason: REQUEST.reason }) as unknown,
    ]);
    const decided = await po.browser.request('POST', `${url}/${restriction.id}/decision`, {
      decision: 'granted',
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'granted', decision: { decidedBy: po.userId } });

    expect((await facts(patientId)).restrictions).toEqual([
      expect.objectContaining({ status: 'granted', appliesToRole: 'front_desk' }) as unknown,
    ]);
    const mine = (await browser.request('GET', '/api/me/restrictions')).json<{
      restrictions: RestrictionView[];
    }>();
    expect(mine.restrictions.map((r) => r.status)).toEqual(['granted']);
    const emptyQueue = await po.browser.request('GET', `${url}?status=requested`);
    expect(emptyQueue.json()).toEqual({ restrictions: [] });

    const { audit } = await stored();
    expect(audit.map((e) => e.reason_code).sort()).toEqual([
      'restriction_granted',
      'restriction_requested',
    ]);
    expect(audit.find((e) => e.reason_code === 'restriction_granted')).toMatchObject({
      actor_user_id: po.userId,
      patient_id: patientId,
      resource_id: restriction.id,
    });
    const reviews = await db.unsafeKysely
      .selectFrom('audit_entry')
      .select(['patient_id', 'purpose_of_use'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'search')
      .execute();
    // The privacy officer's review of the queue, and the patient's own read of their
    // restrictions (through the gate, like any read of the record).
    expect(reviews).toHaveLength(2);
    expect(reviews).toEqual(
      expect.arrayContaining([
        { patient_id: patientId, purpose_of_use: 'HOPERAT' },
        { patient_id: patientId, purpose_of_use: 'PATRQT' },
      ]),
    );
  });

  it('a denial needs a reason, the patient reads it, and a decided request cannot be decided again', async () => {
    const { patient, officer, facts, history, tenantId } = await consentPractice(db);
    const { patientId, browser } = await patient();
    const restriction = (
      await browser.request('POST', '/api/me/restrictions', { categories: ['HIV'] })
    ).json<RestrictionView>();
    const po = await officer();
    const url = `/api/practices/${tenantId}/restrictions/${restriction.id}/decision`;
    for (const body of [{ decision: 'denied' }, { decision: 'denied', reason: '   ' }]) {
      const refused = await po.browser.request('POST', url, body);
      expect(refused.statusCode).toBe(400);
      expect(JSON.stringify(refused.json())).toContain('/reason');
    }
    expect(await history(patientId, restriction.id)).toHaveLength(1);

    const reason = 'Lab staff must see HIV results to run the tests you ordered.';
    const denied = await po.browser.request('POST', url, { decision: 'denied', reason });
    expect(denied.statusCode).toBe(200);
    const mine = (await browser.request('GET', '/api/me/restrictions')).json<{
      restrictions: RestrictionView[];
    }>();
    expect(mine.restrictions.map((r) => [r.status, r.decision?.reason])).toEqual([
      ['denied', reason],
    ]);
    expect((await facts(patientId)).restrictions).toEqual([
      { status: 'denied', categories: ['HIV'] },
    ]);
    expect((await po.browser.request('POST', url, { decision: 'granted' })).statusCode).toBe(409);
    expect(await history(patientId, restriction.id)).toHaveLength(2);
  });

  it('only the practice’s privacy officers see and decide requests; other ids are not found', async () => {
    const { app, deps, patient, officer, tenantId } = await consentPractice(db);
    const { browser } = await patient();
    const restriction = (
      await browser.request('POST', '/api/me/restrictions', {})
    ).json<RestrictionView>();
    const consent = (await browser.request('POST', '/api/me/consents', { kind: 'pharmacy' })).json<{
      id: string;
    }>();
    const list = `/api/practices/${tenantId}/restrictions`;
    const decide = (id: string) => `${list}/${id}/decision`;
    const grant = { decision: 'granted' };

    expect((await new TestBrowser(app).request('GET', list)).statusCode).toBe(401);
    const desk = await createPerson(db, testKeyring(db), {
      staff: { tenantId, role: 'front_desk' },
    });
    const deskBrowser = await signedInBrowser(app, deps, desk.userId);
    expect((await deskBrowser.request('GET', list)).statusCode).toBe(403);
    expect((await deskBrowser.request('POST', decide(restriction.id), grant)).statusCode).toBe(403);
    expect((await browser.request('POST', decide(restriction.id), grant)).statusCode).toBe(404);

    const other = await consentPractice(db);
    const outsider = await other.officer();
    const outsiderAsks = (url: string) => outsider.browser.request('POST', url, grant);
    expect((await outsider.browser.request('GET', list)).statusCode).toBe(404);
    const inOwnPractice = `/api/practices/${other.tenantId}/restrictions/${restriction.id}/decision`;
    expect((await outsiderAsks(inOwnPractice)).statusCode).toBe(404);

    const po = await officer();
    expect((await po.browser.request('POST', decide(consent.id), grant)).statusCode).toBe(404);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await po.browser.request('POST', decide(unknown), grant)).statusCode).toBe(404);
    expect((await po.browser.request('POST', decide(restriction.id), grant)).statusCode).toBe(200);
    expect((await po.browser.request('GET', `${list}?status=maybe`)).statusCode).toBe(400);
  });

  it('bad restriction input is a 400 and stores nothing', async () => {
    const { patient, stored } = await consentPractice(db);
    const { browser } = await patient();
    for (const body of [
      { categories: ['XYZ'] },
      { resourceTypes: ['Spaceship'] },
      { appliesToRole: 'janitor' },
      { appliesToUserId: 'bob' },
      { reason: 'x'.repeat(2001) },
      { categories: ['PSY'], colour: 'blue' },
    ]) {
      const res = await browser.request('POST', '/api/me/restrictions', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const { rows, audit } = await stored();
    expect(rows).toEqual([]);
    expect(audit).toEqual([]);
  });
});
