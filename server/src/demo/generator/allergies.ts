/**
 * Allergies and intolerances for about a quarter of patients. A penicillin allergy matters
 * downstream: such patients are given azithromycin instead of amoxicillin.
 */
import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { addDays, addMonths, clinicTime, daysBetween, isoDateTime } from './dates.js';
import { SYSTEM, codeable } from './fhir.js';
import type { RecordContext, Visit } from './types.js';

type Category = NonNullable<AllergyIntolerance['category']>[number];
type Criticality = NonNullable<AllergyIntolerance['criticality']>;

interface AllergenDef {
  key: string;
  /** SNOMED CT "allergy to X" finding. */
  code: string;
  display: string;
  category: Category;
  criticality: Criticality;
  /** SNOMED CT reaction findings: [code, display]. */
  reactions: readonly (readonly [string, string])[];
  weight: number;
}

const RASH = ['271807003', 'Eruption of skin'] as const;
const HIVES = ['247472004', 'Wheal'] as const;
const ANAPHYLAXIS = ['39579001', 'Anaphylaxis'] as const;
const SNEEZING = ['76067001', 'Sneezing'] as const;
const ITCHING = ['418290006', 'Itching of skin'] as const;
const COUGH = ['49727002', 'Cough'] as const;
const NAUSEA = ['422587007', 'Nausea'] as const;

const ALLERGENS: readonly AllergenDef[] = [
  {
    key: 'penicillin',
    code: '91936005',
    display: 'Allergy to penicillin',
    category: 'medication',
    criticality: 'high',
    reactions: [RASH, HIVES],
    weight: 10,
  },
  {
    key: 'peanut',
    code: '91935009',
    display: 'Allergy to peanuts',
    category: 'food',
    criticality: 'high',
    reactions: [HIVES, ANAPHYLAXIS],
    weight: 5,
  },
  {
    key: 'shellfish',
    code: '300913006',
    display: 'Shellfish allergy',
    category: 'food',
    criticality: 'high',
    reactions: [HIVES, NAUSEA],
    weight: 4,
  },
  {
    key: 'latex',
    code: '300916003',
    display: 'Latex allergy',
    category: 'environment',
    criticality: 'low',
    reactions: [ITCHING, HIVES],
    weight: 3,
  },
  {
    key: 'grass',
    code: '418689008',
    display: 'Allergy to grass pollen',
    category: 'environment',
    criticality: 'low',
    reactions: [SNEEZING, COUGH],
    weight: 6,
  },
  {
    key: 'dust-mite',
    code: '232350006',
    display: 'House dust mite allergy',
    category: 'environment',
    criticality: 'low',
    reactions: [SNEEZING, ITCHING],
    weight: 4,
  },
];

export interface AllergyResult {
  resources: AllergyIntolerance[];
  keys: Set<string>;
}

export function buildAllergies(ctx: RecordContext, visits: readonly Visit[]): AllergyResult {
  const { rng, profile, windowStart } = ctx;
  const result: AllergyResult = { resources: [], keys: new Set() };
  if (profile.age < 1 || !rng.chance(0.25)) return result;
  const count = rng.chance(0.2) ? 2 : 1;
  while (result.keys.size < count) {
    const def = rng.weighted(ALLERGENS.map((a) => [a, a.weight] as const));
    if (result.keys.has(def.key)) continue;
    result.keys.add(def.key);
    // Most allergies show up in childhood, before the practice's records begin.
    const earliest = addMonths(profile.birth, 9);
    const latest = visits[0]?.start ?? windowStart;
    const span = Math.max(1, daysBetween(earliest, latest) - 1);
    const onset = clinicTime(addDays(earliest, rng.int(0, span - 1)), rng);
    const [reaction, ...others] = rng.shuffle(def.reactions);
    const manifestations = [reaction, ...(rng.chance(0.4) ? others : [])].filter(
      (r): r is readonly [string, string] => r !== undefined,
    );
    const confirmed = rng.chance(0.85);
    result.resources.push({
      resourceType: 'AllergyIntolerance',
      id: rng.uuid(),
      clinicalStatus: codeable(SYSTEM.allergyClinical, 'active', 'Active'),
      verificationStatus: confirmed
        ? codeable(SYSTEM.allergyVerification, 'confirmed', 'Confirmed')
        : codeable(SYSTEM.allergyVerification, 'unconfirmed', 'Unconfirmed'),
      type: 'allergy',
      category: [def.category],
      criticality: def.criticality,
      code: codeable(SYSTEM.snomed, def.code, def.display),
      patient: ctx.subject,
      onsetDateTime: isoDateTime(onset),
      recordedDate: isoDateTime(latest.getTime() > onset.getTime() ? latest : onset),
      reaction: [
        {
          manifestation: manifestations.map(([code, display]) =>
            codeable(SYSTEM.snomed, code, display),
          ),
          severity: def.criticality === 'high' ? 'severe' : rng.pick(['mild', 'moderate'] as const),
        },
      ],
    });
  }
  return result;
}
