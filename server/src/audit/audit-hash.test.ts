import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditEntryError, validateAuditEntry } from './audit-entry.js';
import { GENESIS_HASH, encodeFields, hashEntry, type ChainedEntry } from './audit-hash.js';

const base: ChainedEntry = {
  tenant_id: randomUUID(),
  chain_id: 3,
  seq: 41,
  at_ms: 1795557453007,
  patient_id: randomUUID(),
  actor_user_id: null,
  on_behalf_of_user_id: null,
  action: 'read',
  data_category: 'Observation',
  outcome: 'allowed',
  reason_code: 'care_team',
  purpose_of_use: 'TREAT',
  source_address: '2001:db8::1',
  request_id: 'req-1',
  resource_type: 'Observation',
  resource_id: 'abc',
  break_glass: false,
};

describe('the audit hash', () => {
  it('covers every field, tenant, chain, seq and time included', () => {
    const original = hashEntry(GENESIS_HASH, base);
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    const changes: Partial<ChainedEntry>[] = [
      { tenant_id: randomUUID() },
      { chain_id: 4 },
      { seq: 42 },
      { at_ms: 1795557453008 },
      { patient_id: null },
      { actor_user_id: randomUUID() },
      { on_behalf_of_user_id: randomUUID() },
      { action: 'export' },
      { data_category: 'Condition' },
      { outcome: 'denied' },
      { reason_code: null },
      { purpose_of_use: 'ETREAT' },
      { source_address: '2001:db8::2' },
      { request_id: 'req-2' },
      { resource_type: null },
      { resource_id: 'abd' },
      { break_glass: true },
    ];
    for (const change of changes) {
      expect(hashEntry(GENESIS_HASH, { ...base, ...change }), JSON.stringify(change)).not.toBe(
        original,
      );
    }
    expect(hashEntry('ab'.repeat(32), base)).not.toBe(original);
    // int8 from `pg` arrives as text: the same entry hashes the same.
    expect(hashEntry(GENESIS_HASH, { ...base, seq: '41', at_ms: '1795557453007' })).toBe(original);
  });

  it('is unambiguous: moving characters between fields, or null versus empty, changes it', () => {
    const a = { ...base, data_category: 'Obs', reason_code: 'ervation|x' };
    const b = { ...base, data_category: 'Obs|ervation', reason_code: 'x' };
    expect(encodeFields(a)).not.toBe(encodeFields(b));
    expect(hashEntry(GENESIS_HASH, a)).not.toBe(hashEntry(GENESIS_HASH, b));
    expect(encodeFields({ ...base, reason_code: '' })).not.toBe(
      encodeFields({ ...base, reason_code: null }),
    );
    expect(encodeFields({ ...base, reason_code: '-' })).not.toBe(
      encodeFields({ ...base, reason_code: null }),
    );
  });
});

describe('audit entry validation', () => {
  const tenantId = randomUUID().toUpperCase();

  it('normalises ids and fills absent fields with null', () => {
    const fields = validateAuditEntry({ tenantId, action: 'sign_in', outcome: 'success' });
    expect(fields).toMatchObject({
      tenantId: tenantId.toLowerCase(),
      patientId: null,
      actorUserId: null,
      breakGlass: false,
      requestId: null,
    });
  });

  it('refuses unknown actions and outcomes, free text and unknown fields', () => {
    const bad = (o: Record<string, unknown>) => () =>
      validateAuditEntry({ tenantId, action: 'read', outcome: 'allowed', ...o } as never);
    expect(bad({ action: 'peek' })).toThrow(AuditEntryError);
    expect(bad({ action: 'peek' })).toThrow(/action must be one of read, search/);
    expect(bad({ outcome: 'ok' })).toThrow(/outcome/);
    expect(bad({ dataCategory: 'HbA1c 9.1%' })).toThrow(/dataCategory/);
    expect(bad({ reasonCode: 'x'.repeat(65) })).toThrow(/reasonCode/);
    expect(bad({ purposeOfUse: 'treat' })).toThrow(/purposeOfUse/);
    expect(bad({ sourceAddress: 'fe80::1%eth0' })).toThrow(/sourceAddress/);
    expect(bad({ resourceId: 'a/b' })).toThrow(/resourceId/);
    expect(bad({ breakGlass: 'yes' })).toThrow(/breakGlass/);
    expect(bad({ diagnosis: 'E11.9' })).toThrow(/diagnosis is not an audit entry field/);
    expect(bad({ tenantId: 'practice-1' })).toThrow(/tenantId must be a UUID/);
  });
});
