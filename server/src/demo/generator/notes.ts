/**
 * Care plans for chronic conditions and a plain-text progress note for a recent visit. The
 * note is written from the record itself (vitals, problems, medications, allergies), and it
 * inherits the sensitivity labels of anything sensitive it mentions.
 */
import type {
  AllergyIntolerance,
  CarePlan,
  DocumentReference,
  MedicationRequest,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import type { ConditionKey } from './condition-catalog.js';
import type { ConditionRecord } from './conditions.js';
import { ageOn, isoDate, isoDateTime } from './dates.js';
import type { SensitivityLabel } from './fhir.js';
import { SYSTEM, codeable, reference, securityMeta } from './fhir.js';
import type { RecordContext, Visit } from './types.js';
import { visitRef } from './visits.js';

const PLANS: Partial<Record<ConditionKey, { title: string; description: string }>> = {
  diabetes: {
    title: 'Diabetes self-management plan',
    description:
      'Carbohydrate-aware meals, 150 minutes of activity a week, home glucose log; HbA1c every 3 to 6 months; yearly eye and foot checks.',
  },
  hypertension: {
    title: 'Blood pressure plan',
    description:
      'Home blood pressure readings twice a week, lower-sodium diet, regular walking; medication review at each visit.',
  },
  asthma: {
    title: 'Asthma action plan',
    description:
      'Reliever inhaler as needed; avoid known triggers; seek review if the reliever is needed more than twice a week.',
  },
  depression: {
    title: 'Depression care plan',
    description:
      'Weekly talking therapy, PHQ-9 at each visit, medication review after six weeks; crisis line details given.',
  },
  anxiety: {
    title: 'Anxiety care plan',
    description:
      'Cognitive behavioural therapy sessions, sleep routine and breathing exercises; review in eight weeks.',
  },
  'alcohol-use': {
    title: 'Alcohol use recovery plan',
    description:
      'Counselling referral, mutual-help group, liver function tests; relapse-prevention medication discussed.',
  },
  hiv: {
    title: 'HIV care plan',
    description:
      'Daily antiretroviral therapy, viral load and CD4 count every 3 to 6 months, adherence support.',
  },
  contraception: {
    title: 'Reproductive health plan',
    description:
      'Contraceptive counselling, daily pill at the same time, STI screening offered; review in twelve months.',
  },
};

export function buildCarePlans(
  ctx: RecordContext,
  conditions: readonly ConditionRecord[],
): CarePlan[] {
  const plans: CarePlan[] = [];
  for (const condition of conditions) {
    const plan = PLANS[condition.def.key];
    // Sensitive conditions always get a plan: the privacy features need labelled plans too.
    if (!plan || condition.status !== 'active' || !(condition.def.label || ctx.rng.chance(0.6)))
      continue;
    plans.push({
      resourceType: 'CarePlan',
      id: ctx.rng.uuid(),
      ...(condition.def.label && { meta: securityMeta([condition.def.label]) }),
      status: 'active',
      intent: 'plan',
      category: [
        codeable(
          SYSTEM.carePlanCategory,
          'assess-plan',
          'Assessment and Plan of Treatment',
          plan.title,
        ),
      ],
      title: plan.title,
      description: plan.description,
      subject: ctx.subject,
      ...(condition.visit && { encounter: visitRef(condition.visit) }),
      period: { start: isoDateTime(condition.onset) },
      created: isoDateTime(condition.visit?.start ?? condition.onset),
      addresses: [reference('Condition', condition.id)],
    });
  }
  return plans;
}

/** A progress note for the latest planned visit, for most patients. */
export function buildNotes(
  ctx: RecordContext,
  visits: readonly Visit[],
  conditions: readonly ConditionRecord[],
  record: readonly Resource[],
): DocumentReference[] {
  const visit = [...visits].reverse().find((v) => v.kind !== 'sick');
  if (!visit || !ctx.rng.chance(ctx.profile.age < 18 ? 0.5 : 0.7)) return [];
  const author = ctx.rng.pick(ctx.clinicians);
  const labels: SensitivityLabel[] = [];
  const problems = conditions.filter(
    (c) => c.def.chronic && c.status === 'active' && c.onset <= visit.start,
  );
  for (const c of problems) if (c.def.label) labels.push(c.def.label);
  const meds = record.filter(
    (r): r is MedicationRequest =>
      r.resourceType === 'MedicationRequest' &&
      r.status === 'active' &&
      (r.authoredOn ?? '') <= isoDateTime(visit.start),
  );
  for (const m of meds)
    for (const s of m.meta?.security ?? []) labels.push(s.code as SensitivityLabel);
  const allergies = record.filter(
    (r): r is AllergyIntolerance => r.resourceType === 'AllergyIntolerance',
  );
  const results = record.filter(
    (r): r is Observation =>
      r.resourceType === 'Observation' && r.encounter?.reference === `Encounter/${visit.id}`,
  );
  const text = [
    `Progress note, ${isoDate(visit.start)}`,
    `Patient: ${ctx.profile.givenName} ${ctx.profile.familyName}, ${ageOn(ctx.profile.birth, visit.start)} years old (${ctx.profile.mrn}).`,
    `Visit: ${VISIT_WORDS[visit.kind]}, seen by ${author}.`,
    `Results: ${results.map(describe).join('; ') || 'none recorded'}.`,
    `Active problems: ${problems.map((c) => c.def.text).join('; ') || 'none'}.`,
    `Medications: ${meds.map((m) => m.medicationCodeableConcept?.text).join('; ') || 'none'}.`,
    `Allergies: ${allergies.map((a) => a.code?.text).join('; ') || 'no known allergies'}.`,
    `Plan: ${problems.length > 0 ? 'continue current management; follow up in 3 to 6 months' : 'routine care; next check-up in a year'}.`,
  ].join('\n');
  return [
    {
      resourceType: 'DocumentReference',
      id: ctx.rng.uuid(),
      ...(labels.length > 0 && { meta: securityMeta(labels) }),
      status: 'current',
      docStatus: 'final',
      type: codeable(SYSTEM.loinc, '11506-3', 'Progress note'),
      category: [codeable(SYSTEM.documentCategory, 'clinical-note', 'Clinical Note')],
      subject: ctx.subject,
      date: isoDateTime(visit.end),
      author: [{ display: author }],
      description: 'Progress note',
      content: [
        {
          attachment: {
            contentType: 'text/plain',
            data: Buffer.from(text, 'utf8').toString('base64'),
            title: `Progress note ${isoDate(visit.start)}`,
            creation: isoDateTime(visit.end),
          },
        },
      ],
      context: {
        encounter: [visitRef(visit)],
        period: { start: isoDateTime(visit.start), end: isoDateTime(visit.end) },
      },
    },
  ];
}

const VISIT_WORDS: Record<Visit['kind'], string> = {
  wellness: 'annual check-up',
  'well-child': 'well-child visit',
  'follow-up': 'follow-up',
  sick: 'same-day visit',
};

/** "Heart rate 72 /min", or "Blood pressure 128/82 mm[Hg]" for the panel. */
function describe(obs: Observation): string {
  const name = obs.code?.text ?? '';
  if (obs.component) {
    const [sys, dia] = obs.component.map((c) => c.valueQuantity?.value);
    return `Blood pressure ${sys}/${dia} mm[Hg]`;
  }
  return `${name} ${obs.valueQuantity?.value} ${obs.valueQuantity?.unit}`;
}
