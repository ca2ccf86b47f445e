import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentStanding } from '../access/consents.js';
import type { HavenDatabase } from '../db/database.js';
import {
  createPerson,
  family,
  signedInBrowser,
} from '../identity/proxy-routes/proxy-routes-fixtures.js';
import { openTestDatabase, testKeyring } from '../../test/test-database.js';
import { TestBrowser } from '../../test/identity-fixtures.js';
import { consentPractice } from './consent-test-fixtures.js';
import type { ConsentView } from './consent-views.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const GRANTEE = { id: 'npi:1234567893', name: 'Dr Quillon Farthingale' };
const share = { kind: 'share_with_provider', grantee: GRANTEE };

describe('a patient’s consents over HTTP', () => {
  it('unauthenticated is refused, and a person with no record open is not found', async () => {
    const { app, deps } = await consentPractice(db);
    const anonymous = new TestBrowser(app);
    expect((await anonymous.request('GET', '/api/me/consents')).statusCode).toBe(401);
    expect((await anonymous.request('POST', '/api/me/consents', share)).statusCode).toBe(401);
    const nobody = await createPerson(db, testKeyring(db));
    const browser = await signedInBrowser(app, deps, nobody.userId);
    expect((await browser.request('GET', '/api/me/consents')).statusCode).toBe(404);
    expect((await browser.request('POST', '/api/me/consents', share)).statusCode).toBe(404);
  });

  it('grants, lists with the meaning of each kind, revokes; the very next read of the facts says revoked, and history keeps both versions', async () => {
    const { patient, facts, history, stored, clock } = await consentPractice(db);
    const { patientId, userId, browser } = await patient();
    const granted = await browser.request('POST', '/api/me/consents', share);
    expect(granted.statusCode).toBe(201);
    const consent = granted.json<ConsentView>();
    expect(consent).toMatchObject({ kind: 'share_with_provider', status: 'active', version: 1 });
    expect(consent.grantee).toEqual(GRANTEE);
    const research = await browser.request('POST', '/api/me/consents', { kind: 'research' });
    expect(research.statusCode).toBe(201);

    const list = (await browser.request('GET', '/api/me/consents')).json<{
      kinds: { kind: string; meaning: string }[];
      consents: ConsentView[];
    }>();
    expect(list.kinds.map((k) => k.kind)).toEqual([
      'share_with_provider',
      'research',
      'pharmacy',
      'recording',
    ]);
    expect(list.kinds.every((k) => k.meaning.length > 20)).toBe(true);
    expect(list.consents.map((c) => c.kind).sort()).toEqual(['research', 'share_with_provider']);
    expect(list.consents.find((c) => c.kind === 'research')?.meaning).toContain('research');

    const before = await facts(patientId);
    expect(consentStanding(before.consents, 'share_with_provider', clock.now(), GRANTEE.id)).toBe(
      'active',
    );

    const revoked = await browser.request('POST', `/api/me/consents/${consent.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: consent.id, status: 'revoked', version: 2 });
    // No cache: the next read after the revocation answers from the new version.
    const after = await facts(patientId);
    expect(after.consents).toContainEqual({
      kind: 'share_with_provider',
      grantee: GRANTEE.id,
      status: 'revoked',
    });
    expect(consentStanding(after.consents, 'share_with_provider', clock.now(), GRANTEE.id)).toBe(
      'revoked',
    );
    expect(consentStanding(after.consents, 'research', clock.now())).toBe('active');

    const versions = await history(patientId, consent.id);
    expect(versions.map((v) => [v.versionId, (v.resource as { status: string }).status])).toEqual([
      [2, 'inactive'],
      [1, 'active'],
    ]);
    // Revoking again changes nothing and writes nothing.
    const again = await browser.request('POST', `/api/me/consents/${consent.id}/revoke`);
    expect(again.json()).toMatchObject({ status: 'revoked', version: 2 });

    const { audit } = await stored();
    const changes = audit.map((e) => `${e.reason_code} ${e.resource_id === consent.id}`);
    expect(changes.sort()).toEqual([
      'consent_granted false',
      'consent_granted true',
      'consent_revoked true',
    ]);
    expect(audit.find((e) => e.reason_code === 'consent_revoked')).toMatchObject({
      patient_id: patientId,
      actor_user_id: userId,
      on_behalf_of_user_id: null,
      outcome: 'success',
      data_category: 'consent',
      resource_type: 'Consent',
    });
  });

  it('the grantee’s name is in no stored column in clear, nor in the audit log', async () => {
    const { patient, stored } = await consentPractice(db);
    const { browser } = await patient();
    expect((await browser.request('POST', '/api/me/consents', share)).statusCode).toBe(201);
    const { rows, audit } = await stored();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const everything = JSON.stringify({ ...row, sealed: undefined, audit });
    for (const secret of [GRANTEE.name, 'Farthingale', GRANTEE.id]) {
      expect(everything).not.toContain(secret);
      expect(Buffer.from(row.sealed).includes(Buffer.from(secret))).toBe(false);
    }
  });

  it('bad input is a clear 400 or 404 and stores nothing', async () => {
    const { patient, stored } = await consentPractice(db);
    const { browser } = await patient();
    const post = (body: unknown) => browser.request('POST', '/api/me/consents', body);
    const issues = async (body: unknown) => {
      const res = await post(body);
      expect(res.statusCode).toBe(400);
      return JSON.stringify(res.json());
    };
    await issues({ kind: 'telepathy' });
    expect(await issues({ kind: 'share_with_provider' })).toContain('/grantee');
    expect(await issues({ kind: 'research', grantee: GRANTEE })).toContain('/grantee');
    expect(await issues({ ...share, nickname: 'x' })).toBeTruthy();
    expect(
      await issues({
        ...share,
        period: { start: '2030-05-01T00:00:00Z', end: '2030-04-01T00:00:00Z' },
      }),
    ).toContain('/period/end');
    expect(await issues({ kind: 'pharmacy', period: { end: '2001-01-01T00:00:00Z' } })).toContain(
      '/period/end',
    );
    await issues({ kind: 'research', period: { start: 'next tuesday' } });
    const malformed = await browser.request('POST', '/api/me/consents', '{"kind": "research"', {
      'content-type': 'application/json',
    });
    expect(malformed.statusCode).toBe(400);
    const unknownId = '00000000-0000-4000-8000-000000000000';
    expect((await browser.request('POST', `/api/me/consents/${unknownId}/revoke`)).statusCode).toBe(
      404,
    );
    expect((await browser.request('POST', '/api/me/consents/not-an-id/revoke')).statusCode).toBe(
      400,
    );
    const { rows, audit } = await stored();
    expect(rows).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('a patient cannot revoke another patient’s consent, nor one in another practice (404)', async () => {
    const here = await consentPractice(db);
    const alice = await here.patient();
    const bob = await here.patient();
    const granted = (await alice.browser.request('POST', '/api/me/consents', share)).json<{
      id: string;
    }>();
    const url = `/api/me/consents/${granted.id}/revoke`;
    expect((await bob.browser.request('POST', url)).statusCode).toBe(404);
    const elsewhere = await (await consentPractice(db)).patient();
    expect((await elsewhere.browser.request('POST', url)).statusCode).toBe(404);
    const facts = await here.facts(alice.patientId);
    expect(facts.consents.map((c) => c.status)).toEqual(['active']);
    expect((await bob.browser.request('GET', '/api/me/consents')).json()).toMatchObject({
      consents: [],
    });
  });

  it('a guardian manages the consents of a child under 13; a teenager’s guardian may not', async () => {
    const keyring = testKeyring(db);
    const { app, deps, practice, parent, child, teen, recordGuardian } = await family(db, keyring);
    expect((await recordGuardian(child)).statusCode).toBe(201);
    expect((await recordGuardian(teen)).statusCode).toBe(201);
    const browser = await signedInBrowser(app, deps, parent.userId);
    const actAs = (patientId: string) =>
      browser.request('POST', '/api/me/acting-as', { tenantId: practice.id, patientId });

    expect((await actAs(child)).statusCode).toBe(200);
    const granted = await browser.request('POST', '/api/me/consents', { kind: 'recording' });
    expect(granted.statusCode).toBe(201);
    const audit = await db.unsafeKysely
      .selectFrom('audit_entry')
      .selectAll()
      .where('tenant_id', '=', practice.id)
      .where('action', '=', 'consent_change')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        patient_id: child,
        actor_user_id: parent.userId,
        on_behalf_of_user_id: parent.userId,
      }) as unknown,
    ]);

    expect((await actAs(teen)).statusCode).toBe(200);
    expect(
      (await browser.request('POST', '/api/me/consents', { kind: 'research' })).statusCode,
    ).toBe(403);
    expect((await browser.request('GET', '/api/me/consents')).statusCode).toBe(403);
    expect((await browser.request('POST', '/api/me/restrictions', {})).statusCode).toBe(403);
  });
});
