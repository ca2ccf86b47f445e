/**
 * PID to the Patient's demographics (A04/A08) and to the identifier a patient is matched on.
 * Social security numbers (CX type SS, PID-19) are left out on purpose: the chart does not need
 * them, and a feed is no reason to collect one.
 */
import type { Address, ContactPoint, HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import type { Hl7Message, Hl7Segment } from '@medplum/core';
import { FeedError } from './hl7-ack.js';
import { cxIdentifier } from './hl7-codes.js';
import { fhirDate } from './hl7-dates.js';
import { parseMessage, repetitions, sub, text } from './hl7-text.js';

const NAME_USE: Readonly<Record<string, HumanName['use']>> = {
  L: 'official',
  D: 'usual',
  M: 'maiden',
  N: 'nickname',
  A: 'nickname',
};
const GENDER: Readonly<Record<string, Patient['gender']>> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
  N: 'unknown',
};
const ADDRESS_USE: Readonly<Record<string, Address['use']>> = {
  H: 'home',
  B: 'work',
  O: 'work',
  C: 'temp',
  BA: 'old',
};

/** The message's PID, or an AE: every message Haven stores is about one patient. */
export function requirePid(message: Hl7Message): Hl7Segment {
  const pid = message.getSegment('PID');
  if (!pid) throw new FeedError('AE', 100, 'The message has no PID segment.', 'PID');
  return pid;
}

/** PID-3 as identifiers, social security numbers left out. */
export function pidIdentifiers(pid: Hl7Segment): Identifier[] {
  return repetitions(pid, 3)
    .filter((cx) => text(cx[4]).toUpperCase() !== 'SS')
    .map(cxIdentifier)
    .filter((i): i is Identifier => i !== undefined);
}

/** The identifier a patient is matched on: PID-3's MR repetition, else its first. */
export function matchIdentifier(pid: Hl7Segment): Identifier & { system: string; value: string } {
  const all = pidIdentifiers(pid);
  const mr = all.find((i) => i.type?.coding?.[0]?.code?.toUpperCase() === 'MR') ?? all[0];
  if (!mr?.system || !mr.value) {
    throw new FeedError('AE', 101, 'PID-3 (patient identifier list) has no identifier.', 'PID^1^3');
  }
  return mr as Identifier & { system: string; value: string };
}

function names(pid: Hl7Segment): HumanName[] {
  return repetitions(pid, 5).flatMap((xpn): HumanName[] => {
    const family = sub(xpn[0], 1);
    const given = [text(xpn[1]), text(xpn[2])].filter(Boolean);
    const suffix = [text(xpn[3]), text(xpn[5])].filter(Boolean);
    const prefix = text(xpn[4]);
    if (!family && given.length === 0) return [];
    const use = NAME_USE[text(xpn[6]).toUpperCase()];
    return [
      {
        ...(use ? { use } : {}),
        ...(family ? { family } : {}),
        ...(given.length ? { given } : {}),
        ...(prefix ? { prefix: [prefix] } : {}),
        ...(suffix.length ? { suffix } : {}),
      },
    ];
  });
}

function addresses(pid: Hl7Segment): Address[] {
  return repetitions(pid, 11).flatMap((xad): Address[] => {
    const line = [text(xad[0]), text(xad[1])].filter(Boolean);
    const [city, state, postalCode, country] = [2, 3, 4, 5].map((i) => text(xad[i]));
    if (line.length === 0 && !city && !postalCode) return [];
    const kind = text(xad[6]).toUpperCase();
    const use = ADDRESS_USE[kind];
    return [
      {
        ...(use ? { use } : {}),
        ...(kind === 'M' ? { type: 'postal' as const } : {}),
        ...(line.length ? { line } : {}),
        ...(city ? { city } : {}),
        ...(state ? { state } : {}),
        ...(postalCode ? { postalCode } : {}),
        ...(country ? { country } : {}),
      },
    ];
  });
}

function contactPoint(
  xtn: readonly string[],
  defaultUse: 'home' | 'work',
): ContactPoint | undefined {
  const equipment = text(xtn[2]).toUpperCase();
  if (equipment === 'INTERNET' || equipment === 'X.400') {
    const email = text(xtn[3]);
    return email ? { system: 'email', value: email, use: defaultUse } : undefined;
  }
  const composed = [xtn[4], xtn[5], xtn[6]].map(text).filter(Boolean).join(' ');
  const number = text(xtn[11]) || composed || text(xtn[0]);
  if (!number) return undefined;
  const extension = text(xtn[7]);
  const system = equipment === 'FX' ? 'fax' : equipment === 'BP' ? 'pager' : 'phone';
  const use =
    equipment === 'CP' ? 'mobile' : text(xtn[1]).toUpperCase() === 'WPN' ? 'work' : defaultUse;
  return { system, value: extension ? `${number} x${extension}` : number, use };
}

/** The demographics a PID carries; fields the message leaves empty are absent. */
export function pidDemographics(pid: Hl7Segment): Partial<Patient> {
  const gender = GENDER[text(pid.getField(8)?.components[0]?.[0]).toUpperCase()];
  const birthDate = fhirDate(text(pid.getField(7)?.components[0]?.[0]), 'PID^1^7');
  const telecom = [
    ...repetitions(pid, 13).map((x) => contactPoint(x, 'home')),
    ...repetitions(pid, 14).map((x) => contactPoint(x, 'work')),
  ].filter((c): c is ContactPoint => c !== undefined);
  const name = names(pid);
  const address = addresses(pid);
  return {
    ...(name.length ? { name } : {}),
    ...(gender ? { gender } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(address.length ? { address } : {}),
    ...(telecom.length ? { telecom } : {}),
  };
}

/**
 * `existing` (or a new Patient `id`) with the message's demographics: what the message gives
 * replaces (HL7 snapshot semantics), what it leaves empty stays, identifiers are added to.
 */
export function mergePatient(id: string, existing: Patient | undefined, pid: Hl7Segment): Patient {
  const identifiers = [...(existing?.identifier ?? [])];
  for (const identifier of pidIdentifiers(pid)) {
    const known = identifiers.some(
      (i) => i.system === identifier.system && i.value === identifier.value,
    );
    if (!known) identifiers.push(identifier);
  }
  return {
    ...(existing ?? {}),
    ...pidDemographics(pid),
    resourceType: 'Patient',
    id,
    ...(identifiers.length ? { identifier: identifiers } : {}),
  };
}

/** What a held message says about the person, for staff to find the chart (never stored). */
export interface PidSummary {
  name?: string;
  birthDate?: string;
  identifier?: string;
}

/** The summary of a held message's PID; empty when it cannot be read. */
export function pidSummary(raw: string): PidSummary {
  try {
    const pid = parseMessage(raw).getSegment('PID');
    const xpn = repetitions(pid, 5)[0] ?? [];
    const name = [text(xpn[1]), sub(xpn[0], 1)].filter(Boolean).join(' ');
    const birthDate = text(pid?.getField(7)?.components[0]?.[0]).slice(0, 8);
    const id = pid ? matchIdentifier(pid) : undefined;
    return {
      ...(name ? { name } : {}),
      ...(birthDate ? { birthDate } : {}),
      ...(id ? { identifier: `${id.system}|${id.value}` } : {}),
    };
  } catch {
    return {};
  }
}
