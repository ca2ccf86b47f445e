/**
 * A statement (DATA-5) as a FHIR R4 Invoice in the patient's record, and back. Each line is one
 * service on one day: what it cost, what insurance paid and what the practice wrote off; what is
 * left is the patient's to pay. The Invoice says it all in FHIR terms (priceComponent base,
 * deduction and discount; totalGross and totalNet), so a billing system reading it through the
 * FHIR API needs nothing of Haven's to understand it.
 *
 * Payments are not in the Invoice (FHIR R4 has no patient payment resource in the patient's
 * compartment); they are rows of statement_payment, and the Invoice becomes `balanced` when they
 * cover it.
 */
import type { Invoice, InvoiceLineItem, InvoiceLineItemPriceComponent } from '@medplum/fhirtypes';
import type { DeclineReason } from './card-processor.js';
import { CURRENCY, centsOf, money } from './money.js';

export const STATEMENT_NUMBER_SYSTEM = 'https://haven.example/fhir/NamingSystem/statement-number';
/** The day of the service a line is for (Invoice.lineItem has no date of its own). */
export const SERVICE_DATE_EXTENSION = 'https://haven.example/fhir/StructureDefinition/service-date';
/** When the patient is asked to pay by (Invoice.paymentTerms is free text). */
export const DUE_DATE_EXTENSION = 'https://haven.example/fhir/StructureDefinition/payment-due-date';
const COMPONENT_SYSTEM = 'https://haven.example/fhir/CodeSystem/statement-component';

/** One service on a statement, in cents. */
export interface StatementLine {
  serviceDate: string;
  description: string;
  chargeCents: number;
  insurancePaidCents: number;
  adjustmentCents: number;
}

export interface NewStatement {
  id: string;
  patientId: string;
  lines: readonly StatementLine[];
  /** YYYY-MM-DD */
  dueDate: string;
  issued: Date;
}

/** The statement number printed on it and quoted on the phone: from its id, so never reused. */
export function statementNumber(id: string): string {
  return `S-${id.replaceAll('-', '').slice(0, 10).toUpperCase()}`;
}

export function lineOwed(line: StatementLine): number {
  return line.chargeCents - line.insurancePaidCents - line.adjustmentCents;
}

/** The Invoice of a new statement, issued to the patient. */
export function buildStatement(input: NewStatement): Invoice {
  const patient = { reference: `Patient/${input.patientId}` };
  const charges = sum(input.lines.map((l) => l.chargeCents));
  const owed = sum(input.lines.map(lineOwed));
  return {
    resourceType: 'Invoice',
    id: input.id,
    identifier: [{ system: STATEMENT_NUMBER_SYSTEM, value: statementNumber(input.id) }],
    status: 'issued',
    subject: patient,
    recipient: patient,
    date: input.issued.toISOString(),
    lineItem: input.lines.map(lineItem),
    totalGross: money(charges),
    totalNet: money(owed),
    paymentTerms: `Due by ${input.dueDate}`,
    extension: [{ url: DUE_DATE_EXTENSION, valueDate: input.dueDate }],
  };
}

function lineItem(line: StatementLine, index: number): InvoiceLineItem {
  const components: InvoiceLineItemPriceComponent[] = [
    { type: 'base', amount: money(line.chargeCents) },
  ];
  if (line.insurancePaidCents > 0) {
    components.push(
      component('deduction', 'insurance-paid', 'Insurance paid', line.insurancePaidCents),
    );
  }
  if (line.adjustmentCents > 0) {
    components.push(component('discount', 'adjustment', 'Adjustment', line.adjustmentCents));
  }
  return {
    sequence: index + 1,
    extension: [{ url: SERVICE_DATE_EXTENSION, valueDate: line.serviceDate }],
    chargeItemCodeableConcept: { text: line.description },
    priceComponent: components,
  };
}

function component(
  type: 'deduction' | 'discount',
  code: string,
  display: string,
  cents: number,
): InvoiceLineItemPriceComponent {
  return {
    type,
    code: { coding: [{ system: COMPONENT_SYSTEM, code, display }] },
    amount: money(cents),
  };
}

/** A payment as the pages show it: never the token or the processor's reference. */
export interface PaymentView {
  id: string;
  amountCents: number;
  status: 'pending' | 'succeeded' | 'declined';
  at: string;
  cardBrand: string | null;
  cardLast4: string | null;
  /** Why the card was declined, in words a patient can act on (English). */
  declined: string | null;
  /** The same as a code, for pages in other languages. */
  declineCode: DeclineReason | null;
}

export type StatementStatus = 'open' | 'paid' | 'cancelled';

export interface StatementView {
  id: string;
  version: number;
  number: string;
  status: StatementStatus;
  issued: string;
  dueDate: string | null;
  currency: string;
  lines: StatementLine[];
  chargesCents: number;
  insurancePaidCents: number;
  adjustmentsCents: number;
  /** What the patient owed when it was issued. */
  amountDueCents: number;
  paidCents: number;
  balanceCents: number;
  payments: PaymentView[];
}

/** The view of a stored statement and its payments (newest payment first). */
export function statementView(invoice: Invoice, payments: readonly PaymentView[]): StatementView {
  const lines = (invoice.lineItem ?? []).map(lineOf);
  const amountDueCents = centsOf(invoice.totalNet);
  const paidCents = sum(payments.filter((p) => p.status === 'succeeded').map((p) => p.amountCents));
  const balanceCents = Math.max(0, amountDueCents - paidCents);
  return {
    id: invoice.id ?? '',
    version: Number(invoice.meta?.versionId ?? 1),
    number:
      invoice.identifier?.find((i) => i.system === STATEMENT_NUMBER_SYSTEM)?.value ??
      statementNumber(invoice.id ?? ''),
    status:
      invoice.status === 'cancelled'
        ? 'cancelled'
        : invoice.status === 'balanced' || balanceCents === 0
          ? 'paid'
          : 'open',
    issued: invoice.date ?? '',
    dueDate: invoice.extension?.find((e) => e.url === DUE_DATE_EXTENSION)?.valueDate ?? null,
    currency: invoice.totalNet?.currency ?? CURRENCY,
    lines,
    chargesCents: sum(lines.map((l) => l.chargeCents)),
    insurancePaidCents: sum(lines.map((l) => l.insurancePaidCents)),
    adjustmentsCents: sum(lines.map((l) => l.adjustmentCents)),
    amountDueCents,
    paidCents,
    balanceCents,
    payments: [...payments],
  };
}

function lineOf(item: InvoiceLineItem): StatementLine {
  const parts = item.priceComponent ?? [];
  const part = (code: string) =>
    centsOf(parts.find((p) => p.code?.coding?.some((c) => c.code === code))?.amount);
  return {
    serviceDate: item.extension?.find((e) => e.url === SERVICE_DATE_EXTENSION)?.valueDate ?? '',
    description: item.chargeItemCodeableConcept?.text ?? '',
    chargeCents: centsOf(parts.find((p) => p.type === 'base')?.amount),
    insurancePaidCents: part('insurance-paid'),
    adjustmentCents: part('adjustment'),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
