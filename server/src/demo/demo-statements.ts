/**
 * The demo's bills (DATA-5): the demo adult owes $65.00 of a visit and a lab test three weeks
 * ago, after insurance, so the portal's "Bills" and the desk's statements have something true
 * to show, and it can be paid with the sandbox's test card.
 */
import type { Invoice } from '@medplum/fhirtypes';
import { buildStatement } from '../billing/statement-model.js';
import { Rng } from './generator/index.js';

const SEED = 20_261_127;
const DAY_MS = 24 * 60 * 60 * 1000;

export function demoStatements(adultId: string, now: Date): Invoice[] {
  const rng = new Rng(SEED);
  const day = (offset: number) =>
    new Date(now.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
  return [
    buildStatement({
      id: rng.uuid(),
      patientId: adultId,
      issued: new Date(now.getTime() - 6 * DAY_MS),
      dueDate: day(24),
      lines: [
        {
          serviceDate: day(-21),
          description: 'Office visit, established patient',
          chargeCents: 18000,
          insurancePaidCents: 12000,
          adjustmentCents: 1500,
        },
        {
          serviceDate: day(-21),
          description: 'Lipid panel',
          chargeCents: 6000,
          insurancePaidCents: 4000,
          adjustmentCents: 0,
        },
      ],
    }),
  ];
}
