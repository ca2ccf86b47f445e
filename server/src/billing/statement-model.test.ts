/** A statement as a FHIR R4 Invoice: valid, its totals its lines' sums, read back as built. */
import { describe, expect, it } from 'vitest';
import { assertValidResource } from '../fhir/validation/index.js';
import { buildStatement, statementView, type StatementLine } from './statement-model.js';

const lines: StatementLine[] = [
  {
    serviceDate: '2026-11-02',
    description: 'Office visit',
    chargeCents: 18033,
    insurancePaidCents: 12011,
    adjustmentCents: 1,
  },
  {
    serviceDate: '2026-11-03',
    description: 'Flu vaccine',
    chargeCents: 4010,
    insurancePaidCents: 0,
    adjustmentCents: 0,
  },
];

describe('statement model', () => {
  it('builds a valid Invoice whose totals are its lines, and reads it back to the cent', () => {
    const invoice = buildStatement({
      id: '0f8e9d2c-1b3a-4c5d-8e7f-9a0b1c2d3e4f',
      patientId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      lines,
      dueDate: '2026-12-20',
      issued: new Date('2026-11-20T10:00:00Z'),
    });
    expect(() => assertValidResource(invoice)).not.toThrow();
    expect(invoice.totalGross).toEqual({ value: 220.43, currency: 'USD' });
    expect(invoice.totalNet).toEqual({ value: 100.31, currency: 'USD' });
    expect(invoice.identifier?.[0]?.value).toBe('S-0F8E9D2C1B');

    const view = statementView(invoice, [
      {
        id: 'p',
        amountCents: 31,
        status: 'succeeded',
        at: '',
        cardBrand: 'Visa',
        cardLast4: '4242',
        declined: null,
        declineCode: null,
      },
      {
        id: 'q',
        amountCents: 5000,
        status: 'declined',
        at: '',
        cardBrand: 'Visa',
        cardLast4: '0002',
        declined: 'x',
        declineCode: 'card_declined',
      },
    ]);
    expect(view).toMatchObject({
      status: 'open',
      lines,
      chargesCents: 22043,
      insurancePaidCents: 12011,
      adjustmentsCents: 1,
      amountDueCents: 10031,
      paidCents: 31,
      balanceCents: 10000,
      dueDate: '2026-12-20',
    });
    expect(statementView({ ...invoice, status: 'cancelled' }, []).status).toBe('cancelled');
  });
});
