/**
 * The conditions a demo patient can have: SNOMED CT code, who gets it and how often, and
 * whether it carries a sensitivity label. Prevalences are rough primary-care figures, tuned so
 * that ~50 patients show every condition at least once without everyone being ill.
 */
import type { SensitivityLabel } from './fhir.js';
import type { BodySex } from './types.js';

export type ConditionKey =
  | 'hypertension'
  | 'diabetes'
  | 'prediabetes'
  | 'hyperlipidemia'
  | 'obesity'
  | 'asthma'
  | 'allergic-rhinitis'
  | 'osteoarthritis'
  | 'hypothyroidism'
  | 'depression'
  | 'anxiety'
  | 'alcohol-use'
  | 'hiv'
  | 'contraception'
  | 'otitis-media'
  | 'bronchitis'
  | 'sinusitis'
  | 'pharyngitis';

export interface ConditionDef {
  key: ConditionKey;
  /** SNOMED CT concept id and its preferred term. */
  code: string;
  display: string;
  /** What a clinician would write on the problem list. */
  text: string;
  /** Chronic conditions sit on the problem list; acute ones are a visit's diagnosis. */
  chronic: boolean;
  label?: SensitivityLabel;
  sex?: BodySex;
  minAge: number;
  maxAge?: number;
  /** Chance that a person of this age and sex has the condition. */
  prevalence: (age: number, sex: BodySex) => number;
}

/** Step function over age: byAge(upTo1, p1, upTo2, p2, …); ages past the last step get 0. */
function byAge(...steps: number[]): (age: number) => number {
  return (age) => {
    for (let i = 0; i + 1 < steps.length; i += 2) {
      if (age < (steps[i] as number)) return steps[i + 1] as number;
    }
    return 0;
  };
}

// key | SNOMED CT code | preferred term | problem-list wording
const CODES = `
  hypertension      | 59621000  | Essential hypertension                 | Hypertension
  diabetes          | 44054006  | Diabetes mellitus type 2               | Type 2 diabetes
  prediabetes       | 714628002 | Prediabetes                            | Prediabetes
  hyperlipidemia    | 55822004  | Hyperlipidemia                         | Hyperlipidemia
  obesity           | 414916001 | Obesity                                | Obesity
  asthma            | 195967001 | Asthma                                 | Asthma
  allergic-rhinitis | 367498001 | Seasonal allergic rhinitis             | Hay fever
  osteoarthritis    | 396275006 | Osteoarthritis                         | Osteoarthritis
  hypothyroidism    | 40930008  | Hypothyroidism                         | Hypothyroidism
  depression        | 370143000 | Major depressive disorder              | Depression
  anxiety           | 21897009  | Generalized anxiety disorder           | Anxiety
  alcohol-use       | 7200002   | Alcoholism                             | Alcohol use disorder
  hiv               | 86406008  | Human immunodeficiency virus infection | HIV infection
  contraception     | 13197004  | Contraception                          | Contraceptive management
  otitis-media      | 65363002  | Otitis media                           | Ear infection
  bronchitis        | 10509002  | Acute bronchitis                       | Acute bronchitis
  sinusitis         | 444814009 | Viral sinusitis                        | Sinus infection
  pharyngitis       | 195662009 | Acute viral pharyngitis                | Sore throat
`;

type Rule = Omit<ConditionDef, 'key' | 'code' | 'display' | 'text'>;

const RULES: Record<ConditionKey, Rule> = {
  hypertension: {
    chronic: true,
    minAge: 18,
    prevalence: byAge(30, 0.03, 45, 0.12, 65, 0.35, 200, 0.6),
  },
  diabetes: { chronic: true, minAge: 25, prevalence: byAge(45, 0.05, 65, 0.14, 200, 0.22) },
  prediabetes: { chronic: true, minAge: 25, prevalence: byAge(45, 0.1, 200, 0.18) },
  hyperlipidemia: { chronic: true, minAge: 20, prevalence: byAge(40, 0.08, 65, 0.3, 200, 0.45) },
  obesity: { chronic: true, minAge: 18, prevalence: byAge(200, 0.28) },
  asthma: { chronic: true, minAge: 2, prevalence: byAge(200, 0.08) },
  'allergic-rhinitis': { chronic: true, minAge: 3, prevalence: byAge(200, 0.15) },
  osteoarthritis: { chronic: true, minAge: 35, prevalence: byAge(55, 0.08, 70, 0.25, 200, 0.45) },
  hypothyroidism: {
    chronic: true,
    minAge: 18,
    prevalence: (age, sex) => (age < 18 ? 0 : sex === 'female' ? 0.08 : 0.02),
  },
  depression: { chronic: true, minAge: 13, label: 'PSY', prevalence: byAge(18, 0.05, 200, 0.08) },
  anxiety: { chronic: true, minAge: 10, label: 'PSY', prevalence: byAge(18, 0.06, 200, 0.08) },
  'alcohol-use': { chronic: true, minAge: 18, label: 'ETH', prevalence: byAge(75, 0.04) },
  hiv: { chronic: true, minAge: 18, label: 'HIV', prevalence: byAge(70, 0.015) },
  contraception: {
    chronic: true,
    minAge: 14,
    maxAge: 45,
    sex: 'female',
    label: 'SEX',
    prevalence: byAge(18, 0.08, 46, 0.3),
  },
  'otitis-media': { chronic: false, minAge: 0, prevalence: byAge(6, 0.35, 10, 0.1) },
  bronchitis: { chronic: false, minAge: 2, prevalence: byAge(200, 0.06) },
  sinusitis: { chronic: false, minAge: 5, prevalence: byAge(200, 0.1) },
  pharyngitis: { chronic: false, minAge: 3, prevalence: byAge(18, 0.15, 200, 0.08) },
};

const list: ConditionDef[] = CODES.trim()
  .split('\n')
  .map((row) => {
    const [key, code, display, text] = row.split('|').map((cell) => cell.trim()) as [
      ConditionKey,
      string,
      string,
      string,
    ];
    return { key, code, display, text, ...RULES[key] };
  });

export const CONDITIONS: ReadonlyMap<ConditionKey, ConditionDef> = new Map(
  list.map((def) => [def.key, def]),
);

export function conditionDef(key: ConditionKey): ConditionDef {
  const def = CONDITIONS.get(key);
  if (!def) throw new Error(`unknown condition ${key}`);
  return def;
}

/** Conditions that bring a patient back for regular follow-up visits. */
export const FOLLOW_UP_KEYS: ReadonlySet<ConditionKey> = new Set<ConditionKey>([
  'hypertension',
  'diabetes',
  'hyperlipidemia',
  'asthma',
  'hypothyroidism',
  'depression',
  'anxiety',
  'alcohol-use',
  'hiv',
  'contraception',
]);
