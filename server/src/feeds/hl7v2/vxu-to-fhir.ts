/**
 * VXU^V04 to Immunization drafts, one per RXA: vaccine (RXA-5), date given (RXA-3), dose
 * (RXA-6/7; 999 means unknown), lot and expiry (RXA-15/16), manufacturer (RXA-17), whether it
 * was given (RXA-20) or deleted (RXA-21 = D), route and site (RXR). The identity is the order
 * number of the ORC before the RXA (else the message's control id), so an update to the same
 * administration becomes a new version.
 */
import type { Immunization } from '@medplum/fhirtypes';
import type { Hl7Message, Hl7Segment } from '@medplum/core';
import { FeedError } from './hl7-ack.js';
import { codeableConcept, codingSystem, eiIdentifier } from './hl7-codes.js';
import { fhirDate, fhirDateTime } from './hl7-dates.js';
import type { ResultDraft } from './oru-to-fhir.js';
import { text } from './hl7-text.js';

function field(segment: Hl7Segment | undefined, n: number, component = 1): string {
  return text(segment?.getField(n)?.components[0]?.[component - 1]);
}

function status(rxa: Hl7Segment): Immunization['status'] {
  if (field(rxa, 21).toUpperCase() === 'D') return 'entered-in-error';
  return ['RE', 'NA'].includes(field(rxa, 20).toUpperCase()) ? 'not-done' : 'completed';
}

function immunization(
  rxa: Hl7Segment,
  rxr: Hl7Segment | undefined,
  n: number,
): Omit<Immunization, 'patient'> {
  const at = (f: number) => `RXA^${n}^${f}`;
  const vaccineCode = codeableConcept(rxa.getField(5)?.components[0] ?? []);
  if (!vaccineCode)
    throw new FeedError('AE', 101, `RXA-5 (administered code) is missing in RXA ${n}.`, at(5));
  const occurrence = fhirDateTime(field(rxa, 3), at(3));
  if (!occurrence)
    throw new FeedError('AE', 101, `RXA-3 (date given) is missing in RXA ${n}.`, at(3));
  const amount = field(rxa, 6);
  const unitCode = field(rxa, 7);
  const unitSystem = codingSystem(field(rxa, 7, 3));
  const dose =
    amount && amount !== '999' && Number.isFinite(Number(amount)) ? Number(amount) : undefined;
  const lot = field(rxa, 15);
  const expiry = fhirDate(field(rxa, 16), at(16));
  const mvx = field(rxa, 17);
  const maker = field(rxa, 17, 2);
  const route = rxr ? codeableConcept(rxr.getField(1)?.components[0] ?? []) : undefined;
  const site = rxr ? codeableConcept(rxr.getField(2)?.components[0] ?? []) : undefined;
  return {
    resourceType: 'Immunization',
    status: status(rxa),
    vaccineCode,
    occurrenceDateTime: occurrence,
    // RXA-9 `01` means a historical record (from the patient or another provider).
    primarySource: field(rxa, 9) !== '01',
    ...(dose !== undefined
      ? {
          doseQuantity: {
            value: dose,
            ...(unitCode ? { unit: unitCode } : {}),
            ...(unitSystem === 'http://unitsofmeasure.org' && unitCode
              ? { system: unitSystem, code: unitCode }
              : {}),
          },
        }
      : {}),
    ...(lot ? { lotNumber: lot } : {}),
    ...(expiry ? { expirationDate: expiry } : {}),
    ...(mvx || maker
      ? {
          manufacturer: {
            ...(mvx ? { identifier: { system: 'http://hl7.org/fhir/sid/mvx', value: mvx } } : {}),
            ...(maker ? { display: maker } : {}),
          },
        }
      : {}),
    ...(route ? { route } : {}),
    ...(site ? { site } : {}),
  };
}

/** The Immunization drafts of a VXU^V04; `sender` is MSH-3 and MSH-4 as received. */
export function vxuDrafts(
  message: Hl7Message,
  sender: string,
): ResultDraft<Omit<Immunization, 'patient'>>[] {
  const drafts: ResultDraft<Omit<Immunization, 'patient'>>[] = [];
  const segments = message.segments;
  const controlId = message.getSegment('MSH')?.getField(10)?.toString() ?? '';
  let orc: Hl7Segment | undefined;
  let rxaCount = 0;
  segments.forEach((segment, index) => {
    if (segment.name === 'ORC') orc = segment;
    if (segment.name !== 'RXA') return;
    rxaCount += 1;
    const next = segments[index + 1];
    const order =
      eiIdentifier(orc?.getField(3)?.components[0] ?? [], 'FILL') ??
      eiIdentifier(orc?.getField(2)?.components[0] ?? [], 'PLAC');
    const identity = order ? `${order.system ?? ''}|${order.value}` : `msg:${controlId}`;
    const resource = immunization(segment, next?.name === 'RXR' ? next : undefined, rxaCount);
    drafts.push({
      identity: `${sender}\u0000imm\u0000${identity}\u0000${field(segment, 2)}`,
      resource: order ? { ...resource, identifier: [order] } : resource,
    });
  });
  if (drafts.length === 0)
    throw new FeedError('AE', 101, 'The VXU^V04 message has no RXA segment.', 'RXA');
  return drafts;
}
