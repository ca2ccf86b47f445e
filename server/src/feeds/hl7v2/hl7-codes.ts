/**
 * Coded values from HL7 v2 to FHIR: coding systems (HL7 table 0396), CWE/CE to
 * CodeableConcept, and how an assigning authority (CX-4, EI namespace) becomes an identifier
 * system.
 *
 * Assigning authority → identifier system (documented in the feed's README text):
 * - a universal id of type ISO (an OID)       → `urn:oid:<oid>`
 * - a universal id of type UUID/GUID          → `urn:uuid:<uuid>`
 * - otherwise a namespace id (or other uid)   → `urn:haven:hl7v2:aa:<name>` (percent-encoded)
 * - no assigning authority at all             → `urn:haven:mrn`, the practice's own MRNs
 * A patient is matched on exactly that system and value; a value under another system is a
 * different identifier, never a near match.
 */
import type { CodeableConcept, Coding, Identifier } from '@medplum/fhirtypes';
import { sub, text } from './hl7-text.js';

/** The practice's own medical record numbers (as the demo and the importer write them). */
export const PRACTICE_MRN_SYSTEM = 'urn:haven:mrn';
export const V2_IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

const SYSTEMS: Readonly<Record<string, string>> = {
  LN: 'http://loinc.org',
  LOINC: 'http://loinc.org',
  SCT: 'http://snomed.info/sct',
  SNM: 'http://snomed.info/sct',
  SNOMEDCT: 'http://snomed.info/sct',
  UCUM: 'http://unitsofmeasure.org',
  I10: 'http://hl7.org/fhir/sid/icd-10',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  I9C: 'http://hl7.org/fhir/sid/icd-9-cm',
  CVX: 'http://hl7.org/fhir/sid/cvx',
  MVX: 'http://hl7.org/fhir/sid/mvx',
  NDC: 'http://hl7.org/fhir/sid/ndc',
  C4: 'http://www.ama-assn.org/go/cpt',
  CPT: 'http://www.ama-assn.org/go/cpt',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  NCIT: 'http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl',
  CDCREC: 'urn:oid:2.16.840.1.113883.6.238',
};

/** The FHIR system of an HL7 coding-system name; a sender's local name gets a Haven URN. */
export function codingSystem(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  const known = SYSTEMS[trimmed.toUpperCase()];
  if (known) return known;
  const table = /^HL7(\d{4})$/i.exec(trimmed);
  if (table) return `http://terminology.hl7.org/CodeSystem/v2-${table[1]}`;
  return `urn:haven:hl7v2:cs:${encodeURIComponent(trimmed)}`;
}

function coding(code: string, display: string, system: string): Coding | undefined {
  if (code === '') return undefined;
  const url = codingSystem(system);
  return { ...(url ? { system: url } : {}), code, ...(display ? { display } : {}) };
}

/** A CE/CWE/CNE value (one repetition's components) as a CodeableConcept, or undefined. */
export function codeableConcept(components: readonly string[]): CodeableConcept | undefined {
  const c = (n: number) => text(components[n - 1]);
  const codings = [coding(c(1), c(2), c(3)), coding(c(4), c(5), c(6))].filter(
    (x): x is Coding => x !== undefined,
  );
  const label = c(9) || c(2) || c(5);
  if (codings.length === 0 && !label) return undefined;
  return { ...(codings.length ? { coding: codings } : {}), ...(label ? { text: label } : {}) };
}

/** An assigning authority (HD: namespace & universal id & type) as an identifier system. */
export function authoritySystem(namespace: string, universalId: string, type: string): string {
  const kind = type.toUpperCase();
  if (kind === 'ISO' && /^[0-2](\.(0|[1-9]\d*))+$/.test(universalId))
    return `urn:oid:${universalId}`;
  if ((kind === 'UUID' || kind === 'GUID') && /^[0-9a-f-]{36}$/i.test(universalId)) {
    return `urn:uuid:${universalId.toLowerCase()}`;
  }
  const name = namespace || universalId;
  return name ? `urn:haven:hl7v2:aa:${encodeURIComponent(name)}` : PRACTICE_MRN_SYSTEM;
}

/** A CX (PID-3 repetition) as a FHIR Identifier, or undefined without an id. */
export function cxIdentifier(components: readonly string[]): Identifier | undefined {
  const value = text(components[0]);
  if (!value) return undefined;
  const aa = components[3] ?? '';
  const system = authoritySystem(sub(aa, 1), sub(aa, 2), sub(aa, 3));
  const typeCode = text(components[4]);
  return {
    ...(typeCode ? { type: { coding: [{ system: V2_IDENTIFIER_TYPE, code: typeCode }] } } : {}),
    system,
    value,
  };
}

/** An EI (order number: id ^ namespace ^ universal id ^ type) as an Identifier of `type`. */
export function eiIdentifier(
  components: readonly string[],
  type: 'PLAC' | 'FILL',
): Identifier | undefined {
  const value = text(components[0]);
  if (!value) return undefined;
  const system = authoritySystem(text(components[1]), text(components[2]), text(components[3]));
  return {
    type: { coding: [{ system: V2_IDENTIFIER_TYPE, code: type }] },
    ...(system === PRACTICE_MRN_SYSTEM ? {} : { system }),
    value,
  };
}
