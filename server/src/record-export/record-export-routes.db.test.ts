/**
 * RIGHT-1: a patient downloads their whole record as a FHIR JSON file, holding exactly what the
 * gate lets them see, audited as an export; a proxy's copy holds what their scope allows.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { proxyBrowser } from '../disclosures/disclosure-test-fixtures.js';
import { chartWithRecords } from '../gate/gate-test-fixtures.js';
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
    const { browser, person } = await signedInPatient(app, db, keyring, tenantId, chart.patientId);

    const res = await browser.request('GET', '/api/me/record/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="health-record-2026-11-20.json"',
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const bundle = JSON.parse(res.body) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', total: 4 });
    // The Patient first; the mental-health condition is the patient's own to have.
    expect(typesIn(bundle)).toEqual(['Patient', 'Condition', 'Coverage', 'Observation']);
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
      'Condition',
      'Coverage',
      'Observation',
      'Patient',
    ]);
    expect(audited.every((a) => a.actor_user_id === person.userId && a.outcome === 'allowed')).toBe(
      true,
    );

    // A proxy's copy holds what their scope allows: without `read`, nothing of the record.
    const bookingOnly = await proxyBrowser(app, db, keyring, {
      tenantId,
      patientId: chart.patientId,
      grantedBy: person.userId,
      scopes: ['appointments'],
    });
    const empty = await bookingOnly.browser.request('GET', '/api/me/record/export');
    expect(empty.statusCode).toBe(200);
    expect(JSON.parse(empty.body)).toMatchObject({ total: 0, entry: [] });
    const reader = await proxyBrowser(app, db, keyring, {
      tenantId,
      patientId: chart.patientId,
      grantedBy: person.userId,
      scopes: ['read'],
    });
    const full = JSON.parse(
      (await reader.browser.request('GET', '/api/me/record/export')).body,
    ) as Bundle;
    // Reading the record is not seeing the insurance: that is the `billing` scope.
    expect(typesIn(full)).toEqual(['Patient', 'Condition', 'Observation']);

    // Signed out: 401, and no record named.
    const stranger = await new TestBrowser(app).request('GET', '/api/me/record/export');
    expect(stranger.statusCode).toBe(401);
  });
});
