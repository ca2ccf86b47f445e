/**
 * ORU^R01 to drafts of a DiagnosticReport per OBR and an Observation per OBX under it. Drafts
 * carry a stable identity (sender, order number, OBX code and sub-id) instead of an id: the
 * service looks the identity up, so a corrected (or final after preliminary) result becomes a
 * new version of the record it replaces. OBX outside any OBR (patient-level observations) are
 * not stored, and the ACK says how many.
 */
import type {
  CodeableConcept,
  DiagnosticReport,
  Identifier,
  Observation,
} from '@medplum/fhirtypes';
import type { Hl7Message, Hl7Segment } from '@medplum/core';
import { FeedError } from './hl7-ack.js';
import { codeableConcept, eiIdentifier } from './hl7-codes.js';
import { fhirDateTime, fhirInstant } from './hl7-dates.js';
import { obxResult } from './obx-to-observation.js';
import { text } from './hl7-text.js';

export interface ResultDraft<T> {
  /** Identity of the result across messages (hashed with the tenant key before storing). */
  identity: string;
  resource: T;
}

export interface OrderDraft {
  report: ResultDraft<Omit<DiagnosticReport, 'result'>>;
  observations: ResultDraft<Observation>[];
}

export interface OruDraft {
  orders: OrderDraft[];
  /** OBX segments outside any order, not stored. */
  skipped: number;
}

const SERVICE_SECTION = 'http://terminology.hl7.org/CodeSystem/v2-0074';
// HL7 table 0074 (diagnostic service section): OBR-24 becomes the report's category when it is
// one of these; anything else is LAB, which is what an ORU from a lab is.
const SECTIONS = new Set([
  'AU',
  'BG',
  'BLB',
  'CG',
  'CH',
  'CP',
  'CT',
  'CTH',
  'CUS',
  'EC',
  'EN',
  'GE',
  'HM',
  'ICU',
  'IMM',
  'LAB',
  'MB',
  'MCB',
  'MYC',
  'NMR',
  'NMS',
  'NRS',
  'OSL',
  'OT',
  'OTH',
  'OUS',
  'PAR',
  'PAT',
  'PF',
  'PHR',
  'PHY',
  'PT',
  'RAD',
  'RC',
  'RT',
  'RUS',
  'RX',
  'SP',
  'SR',
  'TX',
  'VR',
  'VUS',
  'XRC',
]);
const REPORT_STATUS: Readonly<Record<string, DiagnosticReport['status']>> = {
  O: 'registered',
  I: 'registered',
  S: 'partial',
  A: 'partial',
  R: 'partial',
  P: 'preliminary',
  F: 'final',
  C: 'corrected',
  X: 'cancelled',
};
const LAB_CATEGORY: CodeableConcept = {
  coding: [
    { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
  ],
};

function field(segment: Hl7Segment, n: number): string {
  return text(segment.getField(n)?.components[0]?.[0]);
}

function report(obr: Hl7Segment, n: number, sender: string): OrderDraft['report'] {
  const at = (f: number) => `OBR^${n}^${f}`;
  const placer = eiIdentifier(obr.getField(2)?.components[0] ?? [], 'PLAC');
  const filler = eiIdentifier(obr.getField(3)?.components[0] ?? [], 'FILL');
  const order = filler ?? placer;
  if (!order)
    throw new FeedError('AE', 101, `OBR ${n} has no order number (OBR-2 or OBR-3).`, at(3));
  const code = codeableConcept(obr.getField(4)?.components[0] ?? []);
  if (!code)
    throw new FeedError(
      'AE',
      101,
      `OBR-4 (universal service identifier) is missing in OBR ${n}.`,
      at(4),
    );
  const section = field(obr, 24).toUpperCase();
  const effective = fhirDateTime(field(obr, 7), at(7)) ?? fhirDateTime(field(obr, 14), at(14));
  const issued = fhirInstant(field(obr, 22), at(22));
  const identifier = [placer, filler].filter((i): i is Identifier => i !== undefined);
  return {
    identity: `${sender}\u0000${filler ? 'F' : 'P'}:${order.system ?? ''}|${order.value}`,
    resource: {
      resourceType: 'DiagnosticReport',
      identifier,
      status: REPORT_STATUS[field(obr, 25).toUpperCase()] ?? 'unknown',
      category: [
        { coding: [{ system: SERVICE_SECTION, code: SECTIONS.has(section) ? section : 'LAB' }] },
      ],
      code,
      ...(effective ? { effectiveDateTime: effective } : {}),
      ...(issued ? { issued } : {}),
    },
  };
}

/** The drafts of an ORU^R01; `sender` is MSH-3 and MSH-4 as received. */
export function oruDrafts(message: Hl7Message, sender: string): OruDraft {
  const orders: OrderDraft[] = [];
  let skipped = 0;
  let obrCount = 0;
  let obxCount = 0;
  let seen = new Map<string, number>();
  for (const segment of message.segments) {
    if (segment.name === 'OBR') {
      obrCount += 1;
      orders.push({ report: report(segment, obrCount, sender), observations: [] });
      seen = new Map();
    } else if (segment.name === 'OBX') {
      obxCount += 1;
      const order = orders.at(-1);
      if (!order) {
        skipped += 1;
        continue;
      }
      const result = obxResult(segment, obxCount);
      const coding = result.code.coding?.[0];
      const key = `${coding?.system ?? ''}|${coding?.code ?? result.code.text ?? ''}|${field(segment, 4)}`;
      // The same code and sub-id twice in one order: told apart by their order of appearance.
      const occurrence = (seen.get(key) ?? 0) + 1;
      seen.set(key, occurrence);
      const effective = result.effectiveDateTime ?? order.report.resource.effectiveDateTime;
      order.observations.push({
        identity: `${order.report.identity}\u0000${key}\u0000${occurrence}`,
        resource: {
          resourceType: 'Observation',
          category: [LAB_CATEGORY],
          ...result,
          ...(effective ? { effectiveDateTime: effective } : {}),
          ...(order.report.resource.issued ? { issued: order.report.resource.issued } : {}),
        } as Observation,
      });
    }
  }
  if (orders.length === 0)
    throw new FeedError('AE', 101, 'The ORU^R01 message has no OBR segment.', 'OBR');
  return { orders, skipped };
}
