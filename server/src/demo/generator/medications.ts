/**
 * Prescriptions that follow from the patient's conditions (metformin for diabetes, lisinopril
 * for hypertension…). A prescription for a sensitive condition carries the condition's label:
 * sertraline on its own reveals a mental-health diagnosis.
 */
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { ConditionKey } from './condition-catalog.js';
import type { ConditionRecord } from './conditions.js';
import { addDays, isoDateTime } from './dates.js';
import type { SensitivityLabel } from './fhir.js';
import { SYSTEM, codeable, reference, securityMeta } from './fhir.js';
import type { RecordContext } from './types.js';
import { visitRef } from './visits.js';

interface MedDef {
  /** RxNorm concept id and name. */
  rxnorm: string;
  display: string;
  text: string;
  dosage: string;
  asNeeded?: boolean;
  minAge: number;
  /** Share of patients with the condition who are on this medication. */
  chance: number;
}

const med = (
  rxnorm: string,
  display: string,
  text: string,
  dosage: string,
  minAge: number,
  chance: number,
  asNeeded = false,
): MedDef => ({ rxnorm, display, text, dosage, minAge, chance, asNeeded });

const SERTRALINE = med(
  '312941',
  'sertraline 50 MG Oral Tablet',
  'Sertraline 50 mg tablet',
  'Take 1 tablet by mouth once daily in the morning.',
  18,
  0.75,
);
const AMOXICILLIN = med(
  '308182',
  'amoxicillin 250 MG Oral Capsule',
  'Amoxicillin 250 mg capsule',
  'Take 1 capsule by mouth three times daily for 10 days.',
  0,
  1,
);
/** For patients allergic to penicillin, who must not get amoxicillin. */
const AZITHROMYCIN = med(
  '308460',
  'azithromycin 250 MG Oral Tablet',
  'Azithromycin 250 mg tablet',
  'Take 2 tablets on day 1, then 1 tablet daily for 4 days.',
  0,
  1,
);

const MEDS: Partial<Record<ConditionKey, MedDef>> = {
  hypertension: med(
    '314076',
    'lisinopril 10 MG Oral Tablet',
    'Lisinopril 10 mg tablet',
    'Take 1 tablet by mouth once daily.',
    18,
    0.9,
  ),
  diabetes: med(
    '861007',
    'metformin hydrochloride 500 MG Oral Tablet',
    'Metformin 500 mg tablet',
    'Take 1 tablet by mouth twice daily with meals.',
    10,
    1,
  ),
  hyperlipidemia: med(
    '617310',
    'atorvastatin 20 MG Oral Tablet',
    'Atorvastatin 20 mg tablet',
    'Take 1 tablet by mouth once daily in the evening.',
    18,
    0.85,
  ),
  asthma: med(
    '859088',
    'NDA020983 200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler [Ventolin]',
    'Albuterol inhaler',
    'Inhale 2 puffs every 4 to 6 hours as needed for wheeze or shortness of breath.',
    2,
    1,
    true,
  ),
  'allergic-rhinitis': med(
    '311372',
    'loratadine 10 MG Oral Tablet',
    'Loratadine 10 mg tablet',
    'Take 1 tablet by mouth once daily during allergy season.',
    6,
    0.6,
    true,
  ),
  osteoarthritis: med(
    '313782',
    'acetaminophen 325 MG Oral Tablet',
    'Acetaminophen 325 mg tablet',
    'Take 2 tablets by mouth every 6 hours as needed for joint pain; no more than 3 g a day.',
    18,
    0.7,
    true,
  ),
  hypothyroidism: med(
    '966222',
    'levothyroxine sodium 0.05 MG Oral Tablet',
    'Levothyroxine 50 mcg tablet',
    'Take 1 tablet by mouth every morning on an empty stomach.',
    18,
    1,
  ),
  depression: SERTRALINE,
  anxiety: { ...SERTRALINE, chance: 0.5 },
  'alcohol-use': med(
    '1483744',
    'naltrexone hydrochloride 50 MG Oral Tablet',
    'Naltrexone 50 mg tablet',
    'Take 1 tablet by mouth once daily.',
    18,
    0.5,
  ),
  hiv: med(
    '1999667',
    'bictegravir 50 MG / emtricitabine 200 MG / tenofovir alafenamide 25 MG Oral Tablet',
    'Bictegravir/emtricitabine/tenofovir alafenamide tablet',
    'Take 1 tablet by mouth once daily at the same time each day.',
    18,
    1,
  ),
  contraception: med(
    '748879',
    'Levora 0.15/30 28 Day Pack',
    'Levonorgestrel/ethinyl estradiol pill',
    'Take 1 tablet by mouth daily at the same time each day.',
    13,
    0.8,
  ),
  'otitis-media': AMOXICILLIN,
};

export interface MedicationResult {
  resources: MedicationRequest[];
  /** When each treated condition's medication was started. */
  starts: Map<ConditionKey, Date>;
}

export function buildMedications(
  ctx: RecordContext,
  conditions: readonly ConditionRecord[],
  penicillinAllergy: boolean,
): MedicationResult {
  const { rng, profile } = ctx;
  const resources: MedicationRequest[] = [];
  const starts = new Map<ConditionKey, Date>();
  // One order per drug: depression and anxiety share a single sertraline prescription.
  const byDrug = new Map<string, MedicationRequest>();
  for (const condition of conditions) {
    let def = MEDS[condition.def.key];
    if (!def || profile.age < def.minAge || !rng.chance(def.chance)) continue;
    if (def === AMOXICILLIN && penicillinAllergy) def = AZITHROMYCIN;
    // Started at diagnosis when seen here; otherwise shortly after a historical onset.
    const start = condition.visit ? condition.onset : addDays(condition.onset, rng.int(0, 21));
    starts.set(condition.def.key, start);
    const existing = byDrug.get(def.rxnorm);
    if (existing) {
      existing.reasonReference?.push(reference('Condition', condition.id));
      existing.meta = mergeLabels(existing, condition.def.label);
      continue;
    }
    const ongoing = condition.def.chronic && condition.status === 'active';
    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      id: rng.uuid(),
      ...(condition.def.label && { meta: securityMeta([condition.def.label]) }),
      status: ongoing ? 'active' : 'completed',
      intent: 'order',
      medicationCodeableConcept: codeable(SYSTEM.rxnorm, def.rxnorm, def.display, def.text),
      subject: ctx.subject,
      ...(condition.visit && { encounter: visitRef(condition.visit) }),
      authoredOn: isoDateTime(start),
      requester: { display: rng.pick(ctx.clinicians) },
      reasonReference: [reference('Condition', condition.id)],
      dosageInstruction: [{ text: def.dosage, ...(def.asNeeded && { asNeededBoolean: true }) }],
    };
    byDrug.set(def.rxnorm, request);
    resources.push(request);
  }
  return { resources, starts };
}

function mergeLabels(request: MedicationRequest, label: SensitivityLabel | undefined) {
  const labels = (request.meta?.security ?? []).map((c) => c.code as SensitivityLabel);
  return securityMeta(label ? [...labels, label] : labels);
}
