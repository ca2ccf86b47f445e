/**
 * Prescriptions that follow from the patient's conditions (metformin for diabetes, lisinopril
 * for hypertension…). A prescription for a sensitive condition carries the condition's label:
 * sertraline on its own reveals a mental-health diagnosis.
 */
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { ConditionKey } from './condition-catalog.js';
import { AMOXICILLIN, AZITHROMYCIN, MEDS } from './medication-catalog.js';
import type { ConditionRecord } from './conditions.js';
import { addDays, isoDateTime } from './dates.js';
import type { SensitivityLabel } from './fhir.js';
import { SYSTEM, codeable, reference, securityMeta } from './fhir.js';
import type { RecordContext } from './types.js';
import { visitRef } from './visits.js';

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
