/**
 * The FHIR bench's store: patients of 50 resources each (one Patient, 49 lab Observations, 25
 * of them HbA1c), all on the bench clinician's care team, inserted sealed and indexed in chunks,
 * with a uniform sample of Observation ids for the read phase.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { addCareRelationship } from '../server/src/care/care-relationships.js';
import type { Keyring } from '../server/src/crypto/index.js';
import type { HavenDatabase } from '../server/src/db/database.js';
import { systemTransaction, tenantTransaction } from '../server/src/db/transactions.js';
import {
  keysForResources,
  systemInsertResources,
} from '../server/src/records/system-record-writer.js';
import { fmt, load, out } from './bench-output.js';

export const PER_PATIENT = 50;
export const SEARCHED = '4548-4'; // HbA1c: 25 per patient, so every search fills a page of 20.
const OTHER_CODES = ['8867-4', '8480-6', '8462-4', '2339-0', '29463-7', '8302-2'];
const SAMPLE = 50_000;

export interface Store {
  tenantId: string;
  userId: string;
  patients: string[];
  /** A uniform sample of the stored Observation ids. */
  sample: string[];
  observations: number;
  resources: number;
}

export function patientResources(patientId: string, index: number): Resource[] {
  const subject = { reference: `Patient/${patientId}` };
  const patient: Patient = {
    resourceType: 'Patient',
    id: patientId,
    name: [{ use: 'official', given: ['Bench'], family: `Patient${index}` }],
    gender: index % 2 === 0 ? 'female' : 'male',
    birthDate: `19${50 + (index % 50)}-0${1 + (index % 9)}-1${index % 10}`,
  };
  const observations = Array.from({ length: PER_PATIENT - 1 }, (_, i): Observation => {
    const code = i < 25 ? SEARCHED : (OTHER_CODES[i % OTHER_CODES.length] as string);
    return {
      resourceType: 'Observation',
      id: randomUUID(),
      status: 'final',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/observation-category',
              code: 'laboratory',
            },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject,
      effectiveDateTime: new Date(Date.UTC(2020, 0, 1 + i * 30, 8)).toISOString(),
      valueQuantity: {
        value: 5 + (i % 40) / 10,
        unit: '%',
        system: 'http://unitsofmeasure.org',
        code: '%',
      },
    };
  });
  return [patient, ...observations];
}

/** Adds patients (50 resources each, all on the clinician's care team) up to `target`. */
export async function fill(db: HavenDatabase, keyring: Keyring, store: Store, target: number) {
  const perChunk = 20; // patients per transaction: 1,000 resources
  const started = performance.now();
  const before = store.resources;
  const now = new Date();
  const chunk = async (first: number, count: number) => {
    const ids = Array.from({ length: count }, () => randomUUID());
    const resources = ids.flatMap((id, i) => patientResources(id, first + i));
    const keys = await keysForResources(keyring, store.tenantId, resources);
    await systemTransaction(db, (tx) =>
      systemInsertResources(tx, store.tenantId, keys, resources, now),
    );
    await tenantTransaction(db, store.tenantId, async (tx) => {
      for (const patientId of ids) {
        await addCareRelationship(tx, {
          tenantId: store.tenantId,
          patientId,
          userId: store.userId,
          kind: 'care_team',
          sourceId: patientId,
          startsAt: new Date(now.getTime() - 60_000),
          addedBy: null,
        });
      }
    });
    store.patients.push(...ids);
    for (const r of resources) {
      if (r.resourceType !== 'Observation') continue;
      const k = store.observations++;
      if (k < SAMPLE) store.sample.push(r.id as string);
      else {
        const j = randomInt(k + 1);
        if (j < SAMPLE) store.sample[j] = r.id as string;
      }
    }
    store.resources += resources.length;
  };
  // Two chunks in flight: one sealing and indexing in this process while the other inserts.
  let next = store.patients.length;
  const end = Math.ceil(target / PER_PATIENT);
  const worker = async () => {
    while (next < end) {
      const first = next;
      const count = Math.min(perChunk, end - first);
      next += count;
      await chunk(first, count);
    }
  };
  await Promise.all([worker(), worker()]);
  const seconds = (performance.now() - started) / 1000;
  const rate = (store.resources - before) / seconds;
  // A live store is vacuumed and analysed as it grows (autovacuum). Measured straight after a
  // bulk load, it would not be yet: index-only scans would visit the heap for every row, and
  // autovacuum would take the phases' CPU for the rows just loaded.
  const vacuumStarted = performance.now();
  await sql`vacuum (analyze)`.execute(db.unsafeKysely);
  out(
    `loaded ${fmt(store.resources - before)} resources in ${seconds.toFixed(1)} s = ${fmt(rate)} /s, ` +
      `then vacuumed in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s ` +
      `(store: ${fmt(store.resources)}; load ${load()})`,
  );
  return rate;
}
