/**
 * What validation costs per resource, measured on the Synthea Observations in ../shared/data
 * (outside test data, not needed at run time). Run with:
 *   node --experimental-websocket --import tsx server/src/fhir/validation/validation.bench.ts
 */
import path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { validateResource } from '@medplum/core';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { loadImplementationGuide } from './implementation-guide.js';
import { checkRequiredBindings } from './terminology.js';
import { prepareFhirValidation, validateFhirResource } from './validate-resource.js';
import { sharedPath } from '../../../test/shared-data.js';

const synthea = sharedPath('data', 'synthea');
const observations = readdirSync(synthea)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => (JSON.parse(readFileSync(path.join(synthea, f), 'utf8')) as Bundle).entry ?? [])
  .flatMap((e) => (e.resource?.resourceType === 'Observation' ? [e.resource] : []));

let started = performance.now();
prepareFhirValidation();
const guide = loadImplementationGuide(sharedPath('data', 'uscore', 'us_core_610.tgz'));
const loadMs = performance.now() - started;
process.stdout.write(`load R4, terminology and US Core once: ${loadMs.toFixed(0)} ms\n`);

const lab = guide.profiles.find((p) => p.endsWith('/us-core-observation-lab')) ?? '';
const claimed = observations.map((o) => ({ ...o, meta: { profile: [lab] } }));

function time(label: string, run: (o: Observation) => unknown, list: Observation[]): void {
  list.slice(0, 500).forEach(run); // Warm-up, so the JIT has compiled the validator.
  started = performance.now();
  list.forEach(run);
  const us = ((performance.now() - started) * 1000) / list.length;
  process.stdout.write(`${label}: ${us.toFixed(0)} µs per Observation (n=${list.length})\n`);
}

time('medplum validateResource, base R4', (o) => validateResource(o), observations);
time(
  'Haven terminology checks alone',
  (o) => checkRequiredBindings({ ...o }, 'Observation'),
  observations,
);
time('validateFhirResource, base R4 + terminology', (o) => validateFhirResource(o), observations);
time('validateFhirResource, claiming US Core lab', (o) => validateFhirResource(o), claimed);
