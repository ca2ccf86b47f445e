import { describe, expect, it } from 'vitest';
import { decideClearance } from './clearance.js';
import { licenceState, recordLicence } from './licences.js';
import type { Tx } from '../../db/transactions.js';

const NOW = new Date('2026-11-24T23:30:00Z');

describe('licence state and clearance rules', () => {
  it('a licence is good through its expiry date and expired the day after', () => {
    const verified = { verification: 'verified' as const };
    expect(licenceState({ ...verified, expiresOn: '2026-11-24' }, NOW)).toBe('valid');
    expect(licenceState({ ...verified, expiresOn: '2026-11-23' }, NOW)).toBe('expired');
    expect(licenceState({ verification: 'unverified', expiresOn: '2027-01-01' }, NOW)).toBe(
      'unverified',
    );
    expect(licenceState({ verification: 'unverified', expiresOn: '2026-01-01' }, NOW)).toBe(
      'expired',
    );
    expect(licenceState({ verification: 'rejected', expiresOn: '2026-01-01' }, NOW)).toBe(
      'rejected',
    );
    expect(licenceState(undefined, NOW)).toBe('missing');
  });

  it('patient data needs a role, the agreement and a strong factor; clinical work a valid licence too', () => {
    const licence = { verification: 'verified' as const, expiresOn: '2027-01-01' };
    const clear = { roles: ['clinician' as const], mfa: true, attested: true, licence };
    expect(decideClearance(clear, NOW)).toMatchObject({
      patientData: true,
      clinicalAccess: true,
      licence: 'valid',
      reasons: [],
    });
    expect(decideClearance({ ...clear, attested: false }, NOW)).toMatchObject({
      patientData: false,
      clinicalAccess: false,
      reasons: ['no_attestation'],
    });
    expect(decideClearance({ ...clear, roles: ['billing'] }, NOW)).toMatchObject({
      patientData: true,
      clinicalAccess: false,
      licence: 'not_required',
      reasons: [],
    });
    expect(decideClearance({ ...clear, roles: [] }, NOW)).toMatchObject({
      patientData: false,
      clinicalAccess: false,
      reasons: ['not_staff'],
    });
  });

  it('refuses a malformed licence before touching the database', async () => {
    const tx = {} as Tx;
    const key = Buffer.alloc(32, 1);
    const good = {
      tenantId: '00000000-0000-4000-8000-000000000000',
      userId: '00000000-0000-4000-8000-000000000001',
      number: 'RN-1234',
      issuingState: 'CA',
      expiresOn: '2027-02-28',
      now: NOW,
    };
    for (const bad of [
      { expiresOn: '2027-02-30' },
      { expiresOn: '2027-13-01' },
      { expiresOn: 'tomorrow' },
      { issuingState: 'C1' },
      { number: 'RN' },
      { number: 'RN-12<script>' },
    ]) {
      await expect(recordLicence(tx, key, { ...good, ...bad })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
  });
});
