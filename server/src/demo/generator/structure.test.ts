import type {
  AllergyIntolerance,
  CarePlan,
  CodeableConcept,
  Condition,
  DocumentReference,
  Encounter,
  Immunization,
  MedicationRequest,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { generateDemoPractice } from './index.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const practice = generateDemoPractice({ seed: 2718, patientCount: 50, now: NOW });
const all = practice.patients.flatMap((p) => p.resources);
const ofType = <T extends Resource>(type: T['resourceType']): T[] =>
  all.filter((r): r is T => r.resourceType === type);
const first = (c: CodeableConcept | undefined) => c?.coding?.[0];
const labels = (r: Resource) => (r.meta?.security ?? []).map((c) => c.code);

const SENSITIVE: Record<string, string> = {
  '370143000': 'PSY',
  '21897009': 'PSY',
  '7200002': 'ETH',
  '86406008': 'HIV',
  '13197004': 'SEX',
};

describe('resource structure', () => {
  it('produces every resource type the brief asks for', () => {
    const types = new Set(all.map((r) => r.resourceType));
    for (const t of [
      'Encounter',
      'Condition',
      'Observation',
      'DiagnosticReport',
      'MedicationRequest',
      'AllergyIntolerance',
      'Immunization',
      'CarePlan',
      'DocumentReference',
    ]) {
      expect(types, t).toContain(t);
    }
  });

  it('builds ambulatory, finished encounters with a type and period', () => {
    for (const e of ofType<Encounter>('Encounter')) {
      expect(e.status).toBe('finished');
      expect(e.class).toMatchObject({
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'AMB',
      });
      expect(first(e.type?.[0])?.system).toBe('http://snomed.info/sct');
      expect(Date.parse(e.period?.start ?? '')).toBeLessThan(Date.parse(e.period?.end ?? ''));
    }
  });

  it('codes conditions in SNOMED CT with statuses, category, onset and labels', () => {
    const seen = new Set<string>();
    for (const c of ofType<Condition>('Condition')) {
      const code = first(c.code);
      expect(code?.system).toBe('http://snomed.info/sct');
      expect(code?.code).toMatch(/^\d+$/);
      expect(code?.display ?? '').not.toBe('');
      expect(first(c.clinicalStatus)?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/condition-clinical',
      );
      expect(first(c.verificationStatus)?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/condition-ver-status',
      );
      expect(first(c.category?.[0])?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/condition-category',
      );
      expect(['problem-list-item', 'encounter-diagnosis']).toContain(first(c.category?.[0])?.code);
      expect(c.onsetDateTime).toBeTruthy();
      const label = SENSITIVE[code?.code ?? ''];
      expect(labels(c)).toEqual(label ? [label] : []);
      if (label) {
        expect(c.meta?.security?.[0]?.system).toBe(
          'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        );
        seen.add(label);
      }
    }
    // Every sensitivity category is present somewhere in the practice.
    expect([...seen].sort()).toEqual(['ETH', 'HIV', 'PSY', 'SEX']);
  });

  it('codes vital signs and labs in LOINC with UCUM units', () => {
    const units: Record<string, string> = {
      '8867-4': '/min',
      '29463-7': 'kg',
      '8302-2': 'cm',
      '39156-5': 'kg/m2',
      '4548-4': '%',
      '2093-3': 'mg/dL',
      '18262-6': 'mg/dL',
      '2085-9': 'mg/dL',
      '2345-7': 'mg/dL',
    };
    for (const o of ofType<Observation>('Observation')) {
      expect(first(o.code)?.system).toBe('http://loinc.org');
      expect(first(o.category?.[0])?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/observation-category',
      );
      expect(o.effectiveDateTime).toBeTruthy();
      const code = first(o.code)?.code ?? '';
      if (code === '85354-9') {
        expect(o.component?.map((c) => first(c.code)?.code)).toEqual(['8480-6', '8462-4']);
        for (const c of o.component ?? []) expect(c.valueQuantity?.unit).toBe('mm[Hg]');
      } else {
        expect(o.valueQuantity?.unit, code).toBe(units[code]);
        expect(o.valueQuantity?.system).toBe('http://unitsofmeasure.org');
      }
    }
  });

  it('prescribes in RxNorm, matched to the condition it treats', () => {
    const conditions = new Map(ofType<Condition>('Condition').map((c) => [`Condition/${c.id}`, c]));
    const pairs = new Set<string>();
    for (const m of ofType<MedicationRequest>('MedicationRequest')) {
      expect(['active', 'completed']).toContain(m.status);
      expect(m.intent).toBe('order');
      expect(first(m.medicationCodeableConcept)?.system).toBe(
        'http://www.nlm.nih.gov/research/umls/rxnorm',
      );
      expect(m.dosageInstruction?.[0]?.text).toBeTruthy();
      expect(m.authoredOn).toBeTruthy();
      for (const reason of m.reasonReference ?? []) {
        const condition = conditions.get(reason.reference ?? '');
        pairs.add(`${first(condition?.code)?.code}:${first(m.medicationCodeableConcept)?.code}`);
        for (const label of labels(condition as Condition)) expect(labels(m)).toContain(label);
      }
    }
    expect(pairs).toContain('44054006:861007'); // type 2 diabetes → metformin
    expect(pairs).toContain('59621000:314076'); // hypertension → lisinopril
    expect(pairs).toContain('55822004:617310'); // hyperlipidemia → atorvastatin
  });

  it('records allergies with statuses and reactions', () => {
    for (const a of ofType<AllergyIntolerance>('AllergyIntolerance')) {
      expect(first(a.clinicalStatus)?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
      );
      expect(first(a.verificationStatus)?.system).toBe(
        'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
      );
      expect(first(a.code)?.code).toBeTruthy();
      expect(a.reaction?.[0]?.manifestation.length).toBeGreaterThan(0);
    }
  });

  it('gives age-appropriate immunisations in CVX', () => {
    for (const i of ofType<Immunization>('Immunization')) {
      expect(i.status).toBe('completed');
      expect(first(i.vaccineCode)?.system).toBe('http://hl7.org/fhir/sid/cvx');
      expect(i.occurrenceDateTime).toBeTruthy();
    }
    for (const p of practice.patients) {
      const birth = Date.parse(p.patient.birthDate ?? '');
      const ageYears = (NOW.getTime() - birth) / (365.25 * 86_400_000);
      const cvx = p.resources
        .filter((r): r is Immunization => r.resourceType === 'Immunization')
        .map((i) => first(i.vaccineCode)?.code);
      if (ageYears >= 65) expect(cvx).not.toContain('20'); // no DTaP for the elderly
      if (ageYears < 50) expect(cvx).not.toContain('187'); // no shingles vaccine when young
    }
    const toddlers = practice.patients.filter((p) => {
      const ageYears = (NOW.getTime() - Date.parse(p.patient.birthDate ?? '')) / 3.15576e10;
      return ageYears >= 2 && ageYears < 13;
    });
    const withDtap = toddlers.filter((p) =>
      p.resources.some(
        (r) => r.resourceType === 'Immunization' && first(r.vaccineCode)?.code === '20',
      ),
    );
    expect(withDtap.length).toBeGreaterThan(0);
  });

  it('writes active care plans and progress notes with readable text', () => {
    for (const c of ofType<CarePlan>('CarePlan')) {
      expect(c.status).toBe('active');
      expect(c.intent).toBe('plan');
      expect(c.category?.[0]).toBeDefined();
      expect(c.description).toBeTruthy();
    }
    for (const p of practice.patients) {
      for (const d of p.resources.filter(
        (r): r is DocumentReference => r.resourceType === 'DocumentReference',
      )) {
        expect(d.status).toBe('current');
        expect(first(d.type)).toMatchObject({ system: 'http://loinc.org', code: '11506-3' });
        const attachment = d.content[0]?.attachment;
        expect(attachment?.contentType).toBe('text/plain');
        const text = Buffer.from(attachment?.data ?? '', 'base64').toString('utf8');
        expect(text).toContain(p.patient.name?.[0]?.family ?? '???');
        expect(text).toContain('Progress note');
      }
    }
  });
});
