/**
 * What a message asks for, worked out before any I/O: its kind, the identifier its patient is
 * matched on, and drafts of the resources it stores. Every sample kind gets a deliberate answer:
 * ORU^R01, ADT^A04, ADT^A08 and VXU^V04 store; ADT^A01 is acknowledged (AA) without storing,
 * because admissions are the hospital's business and registration data comes with A04/A08;
 * SIU^S12 is AE "not supported" (Haven's appointments are its own); anything else is AR.
 */
import type { Identifier, Resource } from '@medplum/fhirtypes';
import type { Hl7Message, Hl7Segment } from '@medplum/core';
import { FeedError } from './hl7-ack.js';
import { oruDrafts } from './oru-to-fhir.js';
import { matchIdentifier, requirePid } from './pid-to-patient.js';
import { vxuDrafts } from './vxu-to-fhir.js';

const STORING = ['ORU^R01', 'ADT^A04', 'ADT^A08', 'VXU^V04'] as const;
export type StoringKind = (typeof STORING)[number];

export interface Draft {
  identity: string;
  resource: Resource;
}

/** A message that stores: drafts in groups released together (a report and its results). */
export interface Work {
  kind: StoringKind;
  pid: Hl7Segment;
  mrn: Identifier & { system: string; value: string };
  /** A04 registers: an unknown patient is created rather than held for staff. */
  createIfUnmatched: boolean;
  groups: Draft[][];
  /** Said in the ACK: what was left out, in Haven's words. */
  note: string;
}

export type Classified = { kind: 'acknowledge'; text: string } | Work;

/** MSH-3 and MSH-4 as received: the sender that order numbers are unique within. */
export function senderOf(message: Hl7Message): string {
  const msh = message.getSegment('MSH');
  return `${msh?.getField(3)?.toString() ?? ''}|${msh?.getField(4)?.toString() ?? ''}`;
}

/** `ORU^R01`: MSH-9's type and event. */
export function messageType(message: Hl7Message): string {
  const msh = message.getSegment('MSH');
  return `${msh?.getComponent(9, 1) ?? ''}^${msh?.getComponent(9, 2) ?? ''}`.toUpperCase();
}

/** Classifies a parsed message and drafts what it stores; FeedError for what it cannot be. */
export function classify(message: Hl7Message): Classified {
  const version = message.getSegment('MSH')?.getField(12)?.components[0]?.[0] ?? '';
  if (!/^2\.[1-9](\.\d+)?$/.test(version)) {
    throw new FeedError('AR', 203, 'MSH-12 must name an HL7 version 2.x.', 'MSH^1^12');
  }
  const type = messageType(message);
  if (!/^[A-Z0-9]{3}\^[A-Z0-9]{3}$/.test(type)) {
    throw new FeedError('AR', 200, 'MSH-9 is not a valid message type.', 'MSH^1^9');
  }
  if (type === 'ADT^A01') {
    return {
      kind: 'acknowledge',
      text: 'Admission (A01) received; Haven does not store admissions. Registration data is taken from A04 and A08.',
    };
  }
  if (type === 'SIU^S12') {
    throw new FeedError(
      'AE',
      200,
      'Scheduling messages (SIU) are not supported by this feed; nothing was stored.',
      'MSH^1^9',
    );
  }
  if (!(STORING as readonly string[]).includes(type)) {
    const code = ['ORU', 'ADT', 'VXU'].includes(type.slice(0, 3)) ? 201 : 200;
    throw new FeedError(
      'AR',
      code,
      'This message type or event is not accepted by this feed.',
      'MSH^1^9',
    );
  }
  const pid = requirePid(message);
  const base = {
    kind: type as StoringKind,
    pid,
    mrn: matchIdentifier(pid),
    createIfUnmatched: type === 'ADT^A04',
  };
  const sender = senderOf(message);
  if (type === 'ORU^R01') {
    const { orders, skipped } = oruDrafts(message, sender);
    return {
      ...base,
      groups: orders.map((o) => [o.report as Draft, ...o.observations]),
      note: skipped ? ` ${skipped} OBX outside any order (OBR) not stored.` : '',
    };
  }
  if (type === 'VXU^V04') {
    return { ...base, groups: vxuDrafts(message, sender).map((d) => [d as Draft]), note: '' };
  }
  return { ...base, groups: [], note: '' };
}

/**
 * The drafts as resources on `patientId`, with their ids (`idOf` gives a stored one for an
 * identity seen before, else a new one) and the report's references to its results.
 */
export function materialise(
  work: Work,
  patientId: string,
  idOf: (identity: string) => string,
): Resource[][] {
  const subject = { reference: `Patient/${patientId}` };
  return work.groups.map((group) => {
    const resources = group.map((d) => {
      const r = { ...d.resource, id: idOf(d.identity) } as Resource;
      return r.resourceType === 'Immunization' ? { ...r, patient: subject } : { ...r, subject };
    }) as Resource[];
    const [first, ...rest] = resources;
    if (first?.resourceType === 'DiagnosticReport' && rest.length > 0) {
      (first as { result?: { reference: string }[] }).result = rest.map((o) => ({
        reference: `Observation/${o.id}`,
      }));
    }
    return resources;
  });
}
