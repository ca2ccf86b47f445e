/**
 * The drugs the demo prescribes, one per treatable condition, with RxNorm codes (SCD concepts
 * where one fits, a branded pack for the oral contraceptive) and plain dosing instructions.
 */
import type { ConditionKey } from './condition-catalog.js';

export interface MedDef {
  /** RxNorm concept id and its name. */
  rxnorm: string;
  display: string;
  /** What the patient portal shows. */
  text: string;
  dosage: string;
  asNeeded?: boolean;
  minAge: number;
  /** Share of patients with the condition who are on this medication. */
  chance: number;
}

export const SERTRALINE: MedDef = {
  rxnorm: '312941',
  display: 'sertraline 50 MG Oral Tablet',
  text: 'Sertraline 50 mg tablet',
  dosage: 'Take 1 tablet by mouth once daily in the morning.',
  minAge: 18,
  chance: 0.75,
};

export const AMOXICILLIN: MedDef = {
  rxnorm: '308182',
  display: 'amoxicillin 250 MG Oral Capsule',
  text: 'Amoxicillin 250 mg capsule',
  dosage: 'Take 1 capsule by mouth three times daily for 10 days.',
  minAge: 0,
  chance: 1,
};

/** For patients allergic to penicillin, who must not get amoxicillin. */
export const AZITHROMYCIN: MedDef = {
  rxnorm: '308460',
  display: 'azithromycin 250 MG Oral Tablet',
  text: 'Azithromycin 250 mg tablet',
  dosage: 'Take 2 tablets on day 1, then 1 tablet daily for 4 days.',
  minAge: 0,
  chance: 1,
};

export const MEDS: Partial<Record<ConditionKey, MedDef>> = {
  hypertension: {
    rxnorm: '314076',
    display: 'lisinopril 10 MG Oral Tablet',
    text: 'Lisinopril 10 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily.',
    minAge: 18,
    chance: 0.9,
  },
  diabetes: {
    rxnorm: '861007',
    display: 'metformin hydrochloride 500 MG Oral Tablet',
    text: 'Metformin 500 mg tablet',
    dosage: 'Take 1 tablet by mouth twice daily with meals.',
    minAge: 10,
    chance: 1,
  },
  hyperlipidemia: {
    rxnorm: '617310',
    display: 'atorvastatin 20 MG Oral Tablet',
    text: 'Atorvastatin 20 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily in the evening.',
    minAge: 18,
    chance: 0.85,
  },
  asthma: {
    rxnorm: '859088',
    display: 'NDA020983 200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler [Ventolin]',
    text: 'Albuterol inhaler',
    dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheeze or shortness of breath.',
    minAge: 2,
    chance: 1,
    asNeeded: true,
  },
  'allergic-rhinitis': {
    rxnorm: '311372',
    display: 'loratadine 10 MG Oral Tablet',
    text: 'Loratadine 10 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily during allergy season.',
    minAge: 6,
    chance: 0.6,
    asNeeded: true,
  },
  osteoarthritis: {
    rxnorm: '313782',
    display: 'acetaminophen 325 MG Oral Tablet',
    text: 'Acetaminophen 325 mg tablet',
    dosage:
      'Take 2 tablets by mouth every 6 hours as needed for joint pain; no more than 3 g a day.',
    minAge: 18,
    chance: 0.7,
    asNeeded: true,
  },
  hypothyroidism: {
    rxnorm: '966222',
    display: 'levothyroxine sodium 0.05 MG Oral Tablet',
    text: 'Levothyroxine 50 mcg tablet',
    dosage: 'Take 1 tablet by mouth every morning on an empty stomach.',
    minAge: 18,
    chance: 1,
  },
  'alcohol-use': {
    rxnorm: '1483744',
    display: 'naltrexone hydrochloride 50 MG Oral Tablet',
    text: 'Naltrexone 50 mg tablet',
    dosage: 'Take 1 tablet by mouth once daily.',
    minAge: 18,
    chance: 0.5,
  },
  hiv: {
    rxnorm: '1999667',
    display: 'bictegravir 50 MG / emtricitabine 200 MG / tenofovir alafenamide 25 MG Oral Tablet',
    text: 'Bictegravir/emtricitabine/tenofovir alafenamide tablet',
    dosage: 'Take 1 tablet by mouth once daily at the same time each day.',
    minAge: 18,
    chance: 1,
  },
  contraception: {
    rxnorm: '748879',
    display: 'Levora 0.15/30 28 Day Pack',
    text: 'Levonorgestrel/ethinyl estradiol pill',
    dosage: 'Take 1 tablet by mouth daily at the same time each day.',
    minAge: 13,
    chance: 0.8,
  },
  depression: SERTRALINE,
  // Fewer people with anxiety alone take an SSRI.
  anxiety: { ...SERTRALINE, chance: 0.5 },
  'otitis-media': AMOXICILLIN,
};
