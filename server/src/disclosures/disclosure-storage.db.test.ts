import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { openTestDatabase, testKeyring } from '../../test/test-database.js';
import { aDisclosure, DAY, disclosureWorld } from './disclosure-test-fixtures.js';
import { recordDisclosure } from './disclosures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

async function storedIn(tenantId: string) {
  const rows = await db.unsafeKysely
    .selectFrom('disclosure')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .execute();
  const audited = await db.unsafeKysely
    .selectFrom('audit_entry')
    .select('seq')
    .where('tenant_id', '=', tenantId)
    .where('action', '=', 'disclosure')
    .execute();
  return rows.length + audited.length;
}

describe('storing disclosures', () => {
  it('bad input (missing recipient, future date, unknown purpose, legal without basis, blank name, malformed JSON) is a clear 400 and stores nothing', async () => {
    const { officer, patient, practice, urlFor, clock } = await disclosureWorld(db, keyring);
    const now = clock.now();
    const { recipient: _dropped, ...noRecipient } = aDisclosure(now, 1);
    const cases: [what: string, body: unknown, location: string][] = [
      ['missing recipient', noRecipient, 'body'],
      ['future date', aDisclosure(new Date(now.getTime() + 2 * DAY), 0), 'disclosedAt'],
      ['unknown purpose', aDisclosure(now, 1, { purpose: 'marketing' }), 'body/purpose'],
      ['legal without basis', aDisclosure(now, 1, { purpose: 'legal' }), 'legalBasis'],
      [
        'abuse report, blank basis',
        aDisclosure(now, 1, { purpose: 'abuse_report', legalBasis: ' ' }),
        'legalBasis',
      ],
      [
        'blank recipient name',
        aDisclosure(now, 1, { recipient: { name: '   ' } }),
        'recipient/name',
      ],
      ['not a date', aDisclosure(now, 1, { disclosedAt: 'last Tuesday' }), 'body/disclosedAt'],
      ['empty description', aDisclosure(now, 1, { description: '' }), 'body/description'],
    ];
    for (const [what, body, location] of cases) {
      const res = await officer.request('POST', urlFor(patient.id), body);
      expect(res.statusCode, what).toBe(400);
      const answer = res.json<{ error: { code: string; issues: { location: string }[] } }>().error;
      expect(answer.code, what).toBe('validation_failed');
      expect(answer.issues.map((i) => i.location).join(' '), what).toContain(location);
    }
    const malformed = await officer.request('POST', urlFor(patient.id), '{"disclosedAt": ', {
      'content-type': 'application/json',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect(await storedIn(practice.id)).toBe(0);
  });

  it('the app role cannot UPDATE or DELETE a disclosure row: the accounting is append-only', async () => {
    const { officer, patient, practice, urlFor, clock } = await disclosureWorld(db, keyring);
    const created = await officer.request('POST', urlFor(patient.id), aDisclosure(clock.now(), 1));
    const { id } = created.json<{ id: string }>();
    await expect(
      tenantTransaction(db, practice.id, (tx) =>
        sql`update disclosure set purpose = 'other' where id = ${id}`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/i);
    await expect(
      tenantTransaction(db, practice.id, (tx) =>
        sql`delete from disclosure where id = ${id}`.execute(tx),
      ),
    ).rejects.toThrow(/permission denied/i);
    const row = await db.unsafeKysely
      .selectFrom('disclosure')
      .select('purpose')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.purpose).toBe('treatment');
  });

  it('no clear column, and no audit entry, contains the recipient or the description; the sealed bytes do not either', async () => {
    const { officer, patient, practice, urlFor, clock } = await disclosureWorld(db, keyring);
    const body = aDisclosure(clock.now(), 1, { purpose: 'legal', legalBasis: 'Court order 77-B' });
    expect((await officer.request('POST', urlFor(patient.id), body)).statusCode).toBe(201);
    const secrets = [body.recipient.name, 'Riverside', 'Harbour Lane', body.description, '77-B'];
    const rows = await sql<{ text: string; sealed: Buffer }>`
      select d::text as text, d.sealed from disclosure d where d.tenant_id = ${practice.id}
    `.execute(db.unsafeKysely);
    const audit = await sql<{ text: string }>`
      select a::text as text from audit_entry a where a.tenant_id = ${practice.id}
    `.execute(db.unsafeKysely);
    expect(rows.rows).toHaveLength(1);
    const raw = [...rows.rows, ...audit.rows].map((r) => r.text).join('\n');
    for (const secret of secrets) {
      expect(raw).not.toContain(secret);
      expect(Buffer.from(rows.rows[0]?.sealed ?? []).includes(secret)).toBe(false);
      expect(raw).not.toContain(Buffer.from(secret).toString('hex'));
    }
  });

  it('a feature records an emergency disclosure in its own transaction, audited as ETREAT with the disclosure id', async () => {
    const { patient, practice, officerUser, clock, officer, urlFor } = await disclosureWorld(
      db,
      keyring,
    );
    const key = await keyring.dataKey(patientScope(practice.id, patient.id));
    const stored = await tenantTransaction(db, practice.id, (tx) =>
      recordDisclosure(tx, key, {
        tenantId: practice.id,
        patientId: patient.id,
        recordedBy: officerUser.userId,
        disclosedAt: new Date(clock.now().getTime() - 3_600_000),
        recipient: { name: 'County EMS crew 12' },
        description: 'Allergies and current medications, by phone',
        purpose: 'emergency',
        now: clock.now(),
      }),
    );
    const entry = await db.unsafeKysely
      .selectFrom('audit_entry')
      .select(['action', 'outcome', 'purpose_of_use', 'resource_type', 'resource_id'])
      .where('tenant_id', '=', practice.id)
      .where('action', '=', 'disclosure')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({
      action: 'disclosure',
      outcome: 'success',
      purpose_of_use: 'ETREAT',
      resource_type: 'Disclosure',
      resource_id: stored.id,
    });
    const report = (await officer.request('GET', urlFor(patient.id))).json<{
      disclosures: { id: string; purposeLabel: string; legalBasis: null }[];
    }>();
    expect(report.disclosures).toEqual([
      expect.objectContaining({ id: stored.id, purposeLabel: 'In an emergency', legalBasis: null }),
    ]);
  });
});
