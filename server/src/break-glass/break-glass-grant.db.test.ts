import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../access/access-types.js';
import { decideStaff } from '../access/staff-access.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { TestBrowser } from '../../test/identity-fixtures.js';
import { activeBreakGlass } from './break-glass-grants.js';
import {
  auditRows,
  grantRows,
  queuedEmailsTo,
  REASON,
  scene,
  staffIn,
} from './break-glass-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const MINUTE = 60_000;

describe('opening break-the-glass access', () => {
  it('a cleared clinician opens it with a reason: stored sealed, audited, and returned by activeBreakGlass', async () => {
    const s = await scene(db);
    const { browser, user } = await s.staff('clinician');
    const res = await browser.request('POST', s.url, {
      reasonCode: 'emergency_care',
      reason: REASON,
    });
    expect(res.statusCode).toBe(201);
    const grant = res.json<{ id: string; grantedAt: string; expiresAt: string }>();
    const start = s.clock.now();
    expect(new Date(grant.expiresAt).getTime()).toBe(start.getTime() + 60 * MINUTE);

    const active = await tenantTransaction(db, s.tenantId, (tx) =>
      activeBreakGlass(tx, s.tenantId, user.userId, s.patientId, s.clock.now()),
    );
    expect(active).toEqual({
      grantedAt: start,
      expiresAt: new Date(start.getTime() + 60 * MINUTE),
      reason: 'emergency_care',
    });
    const [row] = await grantRows(db, s.tenantId);
    expect(row?.review_state).toBe('pending');
    expect(row?.reason_sealed.toString('latin1')).not.toContain('overdose');
    expect(s.log.text).not.toContain('overdose');
    expect(await auditRows(db, s.tenantId, 'break_glass')).toEqual([
      expect.objectContaining({
        actor_user_id: user.userId,
        patient_id: s.patientId,
        outcome: 'success',
        reason_code: 'emergency_care',
        purpose_of_use: 'ETREAT',
        break_glass: true,
        resource_id: grant.id,
      }),
    ]);
    const banner = await browser.request('GET', s.url);
    expect(banner.json()).toEqual({
      active: true,
      id: grant.id,
      reasonCode: 'emergency_care',
      grantedAt: grant.grantedAt,
      expiresAt: grant.expiresAt,
      minutesLeft: 60,
    });
  });

  it('without a reason, or with a blank or short one, the answer is 400 and nothing is stored', async () => {
    const s = await scene(db);
    const { browser } = await s.staff('nurse');
    const bodies = [
      { reasonCode: 'emergency_care' },
      { reasonCode: 'emergency_care', reason: '' },
      { reasonCode: 'emergency_care', reason: ' '.repeat(40) },
      { reasonCode: 'emergency_care', reason: '  too short ' },
      { reasonCode: 'whim', reason: REASON },
      { reasonCode: 'other', reason: REASON, minutes: 241 },
    ];
    for (const body of bodies) {
      expect((await browser.request('POST', s.url, body)).statusCode, JSON.stringify(body)).toBe(
        400,
      );
    }
    expect(await grantRows(db, s.tenantId)).toEqual([]);
    expect(await auditRows(db, s.tenantId, 'break_glass')).toEqual([]);
  });

  it('front desk and billing are refused in plain words; strangers, other practices and unknown patients too', async () => {
    const s = await scene(db);
    const body = { reasonCode: 'urgent_consult', reason: REASON };
    for (const role of ['front_desk', 'billing'] as const) {
      const res = await (await s.staff(role)).browser.request('POST', s.url, body);
      expect(res.statusCode).toBe(403);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(
        /only clinicians and nurses/i,
      );
    }
    // A clinician whose licence nobody verified is not cleared for clinical work.
    const other = await createTestTenant(db);
    const unlicensed = await staffIn(s.app, db, s.keyring, s.clock, s.tenantId, 'privacy_officer');
    await systemTransaction(db, (tx) =>
      tx
        .insertInto('practice_membership')
        .values({ tenant_id: s.tenantId, user_id: unlicensed.user.userId, role: 'clinician' })
        .execute(),
    );
    expect((await unlicensed.browser.request('POST', s.url, body)).statusCode).toBe(403);
    expect((await new TestBrowser(s.app).request('POST', s.url, body)).statusCode).toBe(401);

    const { browser } = await s.staff('clinician');
    const elsewhere = s.url.replace(s.tenantId, other.id);
    expect((await browser.request('POST', elsewhere, body)).statusCode).toBe(404);
    const nobody = s.url.replace(s.patientId, '00000000-0000-4000-8000-000000000000');
    expect((await browser.request('POST', nobody, body)).statusCode).toBe(404);
    expect(await grantRows(db, s.tenantId)).toEqual([]);
  });

  it('the grant expires after 60 minutes: activeBreakGlass still returns it, ended, and the decision says expired', async () => {
    const s = await scene(db);
    const { browser, user } = await s.staff('clinician');
    await browser.request('POST', s.url, { reasonCode: 'patient_unreachable', reason: REASON });
    const actor: StaffActor = {
      kind: 'staff',
      userId: user.userId,
      tenantId: s.tenantId,
      roles: ['clinician'],
      clearance: { patientData: true, clinicalAccess: true },
      sensitivePermission: [],
    };
    const decide = async () => {
      const now = s.clock.now();
      const grant = await tenantTransaction(db, s.tenantId, (tx) =>
        activeBreakGlass(tx, s.tenantId, user.userId, s.patientId, now),
      );
      const target = {
        tenantId: s.tenantId,
        patientId: s.patientId,
        resourceType: 'Observation',
        sensitivity: [],
      };
      const context = {
        now,
        careRelationship: false,
        consents: [],
        restrictions: [],
        ...(grant ? { breakGlass: grant } : {}),
      };
      return { grant, now, decision: decideStaff(actor, 'read', target, context) };
    };
    expect((await decide()).decision).toMatchObject({
      allowed: true,
      reason: 'allowed_break_glass',
      breakGlass: true,
    });

    // Staff sessions time out after 15 idle minutes, so the console polls while time passes.
    for (const left of [48, 36, 24, 12]) {
      s.clock.advance(12 * MINUTE);
      expect((await browser.request('GET', s.url)).json()).toMatchObject({
        active: true,
        minutesLeft: left,
      });
    }
    s.clock.advance(12 * MINUTE);
    expect((await browser.request('GET', s.url)).json()).toEqual({ active: false });
    const { grant, now, decision } = await decide();
    expect(grant?.expiresAt.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(decision).toMatchObject({ allowed: false, reason: 'denied_break_glass_expired' });
  });

  it('every privacy officer is emailed in their language, with no patient name and no reason text', async () => {
    const s = await scene(db);
    const english = await s.staff('privacy_officer');
    const spanish = await s.staff('privacy_officer');
    await systemTransaction(db, (tx) =>
      tx
        .updateTable('app_user')
        .set({ locale: 'es' })
        .where('id', '=', spanish.user.userId)
        .execute(),
    );
    const { browser } = await s.staff('clinician');
    expect(
      (await browser.request('POST', s.url, { reasonCode: 'other', reason: REASON, minutes: 30 }))
        .statusCode,
    ).toBe(201);

    const [en] = await queuedEmailsTo(db, s.keyring, english.user.email);
    const [es] = await queuedEmailsTo(db, s.keyring, spanish.user.email);
    expect(en?.subject).toBe('An emergency access needs your review');
    expect(es?.subject).toBe('Un acceso de emergencia necesita tu revisión');
    for (const mail of [en, es]) {
      const all = `${mail?.subject} ${mail?.text} ${mail?.html}`;
      expect(all).toContain('/console/break-glass');
      for (const secret of [
        REASON,
        'overdose',
        s.patientName.given,
        s.patientName.family,
        s.patientId,
      ]) {
        expect(all).not.toContain(secret);
      }
    }
  });
});
