/**
 * generateDemoPractice: the entry point. A pure function of its options — no I/O, no clock,
 * no Math.random — so the same seed always yields the same practice, byte for byte.
 */
import type { Observation } from '@medplum/fhirtypes';
import { addYears, startOfUtcDay } from './dates.js';
import { REGIONS } from './name-lists.js';
import { generatePatientRecord } from './patient-record.js';
import { planPatients } from './people.js';
import { Rng } from './prng.js';
import { buildStaff, practiceName, staffDisplayName } from './staff.js';
import type { DemoOptions, DemoPatient, DemoPractice } from './types.js';

/** How far back the practice's records go. */
export const HISTORY_YEARS = 3;

export function generateDemoPractice(options: DemoOptions): DemoPractice {
  const { seed, patientCount, now } = options;
  if (!Number.isInteger(patientCount) || patientCount < 0) {
    throw new RangeError(`patientCount must be a non-negative integer, got ${patientCount}`);
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');
  const rng = new Rng(seed);
  const region = rng.pick(REGIONS);
  const { name, slug } = practiceName(rng);
  const home = region[0];
  if (!home) throw new Error('region without cities');
  const staff = buildStaff(rng.fork(), home.state, now);
  const clinicians = staff.filter((s) => s.role === 'clinician').map(staffDisplayName);
  const env = {
    now,
    windowStart: addYears(startOfUtcDay(now), -HISTORY_YEARS),
    clinicians,
    usedEmails: new Set<string>(),
  };
  const profiles = planPatients(rng, patientCount, now, region);
  // Each patient draws from a stream of their own (see Rng.fork).
  const patients = profiles.map((profile) => generatePatientRecord(rng.fork(), profile, env));
  markCorrections(rng, patients);
  return { name, slug, staff, patients };
}

/**
 * A real chart has the odd corrected result. Two lab results across the practice become
 * `corrected`, so the UI and audit features have a case to show.
 */
function markCorrections(rng: Rng, patients: readonly DemoPatient[]): void {
  const labs = patients.flatMap((p) =>
    p.resources.filter(
      (r): r is Observation =>
        r.resourceType === 'Observation' && r.category?.[0]?.coding?.[0]?.code === 'laboratory',
    ),
  );
  for (const obs of rng.shuffle(labs).slice(0, 2)) {
    obs.status = 'corrected';
    obs.note = [
      { text: 'Corrected result: the first report was issued before the rerun completed.' },
    ];
  }
}
