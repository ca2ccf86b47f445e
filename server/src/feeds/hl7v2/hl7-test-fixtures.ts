/**
 * Helpers for the feed's tests: the sample messages beside the checkout (../shared/data/hl7v2,
 * never copied into the repository), a patient with a given identifier, and what the store
 * holds. Test-only.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Identifier, Patient, Resource } from '@medplum/fhirtypes';
import { Hl7Message } from '@medplum/core';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction, tenantTransaction } from '../../db/transactions.js';
import { RecordKeys } from '../../records/record-keys.js';
import { readCompartment, readHistory } from '../../records/record-store.js';
import { keysForResources, systemInsertResources } from '../../records/system-record-writer.js';
import { PRACTICE_MRN_SYSTEM } from './hl7-codes.js';
import { sharedPath } from '../../../test/shared-data.js';

const SAMPLES = sharedPath('data', 'hl7v2');

/** Every sample file, and the sample as stored (BOM and `\n` line ends included). */
export const SAMPLE_FILES = [
  'ADT-A01-01.hl7',
  'ADT-A04-01.hl7',
  'ADT-A08-01.hl7',
  'LAB-ORU-1.hl7',
  'LAB-ORU-2.hl7',
  'ORU-R01-01.hl7',
  'SIU-S12-01.hl7',
  'VXU-V04-01.hl7',
] as const;

export function sample(name: (typeof SAMPLE_FILES)[number]): string {
  return readFileSync(path.join(SAMPLES, name), 'utf8');
}

/** The identifier the samples' PID-3 maps to (see hl7-codes.ts). */
export const SAMPLE_MRN = {
  /** LAB-ORU-1/2: `10006579^^^1^MR`. */
  lab: { system: 'urn:haven:hl7v2:aa:1', value: '10006579' },
  /** ADT, SIU, VXU: `PATID1234^5^M11^test1&2.16.1&HCD^MR`. */
  adt: { system: 'urn:haven:hl7v2:aa:test1', value: 'PATID1234' },
  /** ORU-R01-01: `14^^^IA PHIMS Stage&2.16.840.1.114222.4.3.3.5.1.2&ISO^PI`. */
  phims: { system: 'urn:oid:2.16.840.1.114222.4.3.3.5.1.2', value: '14' },
} as const;

/** A small ORU^R01 with one OBX per line given, for focused tests. */
export function oru(options: {
  controlId: string;
  mrn?: string;
  obx: string[];
  status?: string;
  order?: string;
}): string {
  return [
    `MSH|^~\\&|LabApp|LabFac|Haven|Clinic|20261125083000+0000||ORU^R01|${options.controlId}|P|2.5.1`,
    `PID|1||${options.mrn ?? 'MRN-000123'}^^^^MR||Doe^Jane||19800101|F`,
    `OBR|1|PL-${options.order ?? '1'}|FI-${options.order ?? '1'}^LAB|24323-8^Comprehensive metabolic panel^LN|||20261125070000+0000|||||||||||||||20261125080000+0000||CH|${options.status ?? 'F'}`,
    ...options.obx,
  ].join('\r');
}

/** A patient in the practice's chart with `identifier` (default: the practice MRN). */
export async function patientWith(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  identifier: Identifier = { system: PRACTICE_MRN_SYSTEM, value: 'MRN-000123' },
): Promise<Patient & { id: string }> {
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id: randomUUID(),
    identifier: [identifier],
    name: [{ family: 'Doe', given: ['Jane'] }],
    birthDate: '1980-01-01',
  };
  const keys = await keysForResources(keyring, tenantId, [patient]);
  await systemTransaction(db, (tx) =>
    systemInsertResources(tx, tenantId, keys, [patient], new Date()),
  );
  return patient;
}

/** Rows of fhir_resource in the practice (every version). */
export async function resourceRows(db: HavenDatabase, tenantId: string): Promise<number> {
  const row = await tenantTransaction(db, tenantId, (tx) =>
    tx
      .selectFrom('fhir_resource')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}

/** A patient's current resources of some types, opened. */
export async function chart(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
  types: string[],
): Promise<Resource[]> {
  const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
  const versions = await tenantTransaction(db, tenantId, (tx) =>
    readCompartment(tx, tenantId, keys, patientId, types),
  );
  return versions.map((v) => v.resource);
}

/** Every Patient in the practice, opened. */
export async function patientsOf(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
): Promise<Resource[]> {
  const rows = await tenantTransaction(db, tenantId, (tx) =>
    tx
      .selectFrom('fhir_current')
      .select('id')
      .where('resource_type', '=', 'Patient')
      .orderBy('id')
      .execute(),
  );
  const found = await Promise.all(
    rows.map(({ id }) => chart(db, keyring, tenantId, id, ['Patient'])),
  );
  return found.flat();
}

/** Every version of one resource, newest first. */
export async function history(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
  type: string,
  id: string,
) {
  const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
  return tenantTransaction(db, tenantId, (tx) => readHistory(tx, tenantId, keys, type, id));
}

/** MSA-1 and MSA-3 of an ACK. */
export function msa(ack: string): { code: string; controlId: string; text: string } {
  const segment = Hl7Message.parse(ack).getSegment('MSA');
  return {
    code: segment?.getField(1)?.toString() ?? '',
    controlId: segment?.getField(2)?.toString() ?? '',
    text: segment?.getField(3)?.toString() ?? '',
  };
}
