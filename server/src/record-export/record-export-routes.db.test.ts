/**
 * RIGHT-1: a patient downloads their whole record as a FHIR JSON file, holding exactly what the
 * gate lets them see, audited as an export; a proxy's copy holds what their scope allows.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { proxyBrowser } from '../disclosures/disclosure-test-fixtures.js';
import { buildRestriction } from '../consents/consent-coding.js';
import { assertValidResource } from '../fhir/validation/index.js';
import { chartWithRecords } from '../gate/gate-test-fixtures.js';
import { RecordKeys } from '../records/record-keys.js';
import { writeVersion } from '../records/record-store.js';
import { createTestPatient } from '../../test/patient-fixtures.js';
import { signedInPatient, TestBrowser } from '../../test/identity-fixtures.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const typesIn = (bundle: Bundle) => (bundle.entry ?? []).map((e) => e.resource?.resourceType);

describe('downloading my record', () => {
  it('is the whole record the patient may see, as a FHIR Bundle file, audited as an export', async () => {
    const clock = new TestClock(new Date('2026-11-20T10:00:00Z'));
    const { app } = await buildTestApp(db, { clock });
    const tenantId = (await createTestTenant(db)).id;
    const chart = await chartWithRecords(db, keyring, tenantId, clock.now());
    await storeRecords(tenantId, chart.patientId, [visit(chart.patientId)]);
    const { browser, person } = await signedInPatient(app, db, keyring, tenantId, chart.patientId);

    const res = await browser.request('GET', '/api/me/record/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="health-record-2026-11-20.json"',
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const bundle = JSON.parse(res.body) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    // Portable: valid FHIR R4 (no `total` on a collection, absolute full URLs).
    assertValidResource(bundle);
    expect(bundle.entry?.[0]?.fullUrl).toMatch(
      new RegExp(`^https?://[^/]+/fhir/R4/Patient/${chart.patientId}$`),
    );
    // The Patient first; the mental-health condition is the patient's own to have.
    expect(typesIn(bundle)).toEqual([
      'Patient',
      'Appointment',
      'Condition',
      'Coverage',
      'Observation',
    ]);
    const ids = (bundle.entry ?? []).map((e) => (e.resource as Resource).id);
    expect(ids).toEqual(
      expect.arrayContaining([chart.patientId, chart.observationId, chart.psychConditionId]),
    );

    const audited = await tenantTransaction(db, tenantId, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select(['actor_user_id', 'resource_type', 'outcome'])
        .where('action', '=', 'export')
        .execute(),
    );
    expect(audited.map((a) => a.resource_type).sort()).toEqual([
      'Appointment',
      'Condition',
      'Coverage',
      'Observation',
      'Patient',
    ]);
    expect(audited.every((a) => a.actor_user_id === person.userId && a.outcome === 'allowed')).toBe(
      true,
    );

    // A proxy's copy holds what their scope allows: with appointments only, the visits without
    // their reason, and nothing else.
    const bookingOnly = await proxyBrowser(app, db, keyring, {
      tenantId,
      patientId: chart.patientId,
      grantedBy: person.userId,
      scopes: ['appointments'],
    });
    const visits = await bookingOnly.browser.request('GET', '/api/me/record/export');
    expect(visits.statusCode).toBe(200);
    const booked = JSON.parse(visits.body) as Bundle;
    expect(typesIn(booked)).toEqual(['Appointment']);
    expect(visits.body).not.toContain('Chest pain');
    const reader = await proxyBrowser(app, db, keyring, {
      tenantId,
      patientId: chart.patientId,
      grantedBy: person.userId,
      scopes: ['read'],
    });
    const full = JSON.parse(
      (await reader.browser.request('GET', '/api/me/record/export')).body,
    ) as Bundle;
    // Reading the record is not seeing the insurance (the `billing` scope) nor the visits
    // (`appointments`): each is its own scope.
    expect(typesIn(full)).toEqual(['Patient', 'Condition', 'Observation']);

    // Signed out: 401, and no record named.
    const stranger = await new TestBrowser(app).request('GET', '/api/me/record/export');
    expect(stranger.statusCode).toBe(401);
  });

  it('gives a teenager’s guardian none of the confidential care, nor the teenager’s restriction requests', async () => {
    const clock = new TestClock(new Date('2026-11-20T10:00:00Z'));
    const { app } = await buildTestApp(db, { clock });
    const tenantId = (await createTestTenant(db)).id;
    const teen = await createTestPatient(db, keyring, tenantId, { birthDate: '2011-06-01' });
    const { person } = await signedInPatient(app, db, keyring, tenantId, teen.id);
    const psy = {
      resourceType: 'Condition',
      id: randomUUID(),
      subject: { reference: `Patient/${teen.id}` },
      meta: { security: [{ system: ACT_CODE, code: 'PSY' }] },
      code: { text: 'Generalised anxiety' },
    } as Resource;
    const restriction = buildRestriction({
      id: randomUUID(),
      patientId: teen.id,
      categories: ['PSY'],
      resourceTypes: [],
      appliesToUserId: person.userId,
      reason: 'Counselling is private',
      now: clock.now(),
    });
    await storeRecords(tenantId, teen.id, [psy, restriction]);
    const guardian = await proxyBrowser(app, db, keyring, {
      tenantId,
      patientId: teen.id,
      grantedBy: person.userId,
      scopes: ['read', 'appointments', 'messaging', 'billing'],
      guardian: true,
    });
    const res = await guardian.browser.request('GET', '/api/me/record/export');
    expect(res.statusCode).toBe(200);
    expect(typesIn(JSON.parse(res.body) as Bundle)).toEqual(['Patient']);
    expect(res.body).not.toContain('anxiety');
    expect(res.body).not.toContain('Counselling');
    // Refusals are audited too, as the guardian's, on the teenager's behalf.
    const refused = await tenantTransaction(db, tenantId, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select(['resource_type', 'reason_code', 'actor_user_id'])
        .where('action', '=', 'export')
        .where('outcome', '=', 'denied')
        .execute(),
    );
    expect(refused.map((r) => r.resource_type).sort()).toEqual(['Condition', 'Consent']);
    expect(refused.every((r) => r.reason_code === 'denied_teen_confidential')).toBe(true);
    expect(refused.every((r) => r.actor_user_id === guardian.proxy.userId)).toBe(true);
  });
});

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

/** A booked visit with its reason, which only those who may read the record see. */
function visit(patientId: string): Resource {
  return {
    resourceType: 'Appointment',
    id: randomUUID(),
    status: 'booked',
    start: '2026-12-01T09:00:00Z',
    end: '2026-12-01T09:20:00Z',
    reasonCode: [{ text: 'Chest pain' }],
    participant: [{ actor: { reference: `Patient/${patientId}` }, status: 'accepted' }],
  };
}

async function storeRecords(tenantId: string, patientId: string, records: Resource[]) {
  const keys = await RecordKeys.load(keyring, tenantId, [null, patientId], { create: true });
  const now = new Date('2026-11-20T09:00:00Z');
  await tenantTransaction(db, tenantId, async (tx) => {
    for (const record of records) await writeVersion(tx, tenantId, keys, record, { now });
  });
}
