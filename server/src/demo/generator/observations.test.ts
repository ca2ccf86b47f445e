import type { DiagnosticReport, Observation, Quantity, Range } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { generateDemoPractice } from './index.js';
import { interpret } from './observations.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const practice = generateDemoPractice({ seed: 314, patientCount: 50, now: NOW });
const observations = practice.patients.flatMap((p) =>
  p.resources.filter((r): r is Observation => r.resourceType === 'Observation'),
);
const code = (o: Observation) => o.code.coding?.[0]?.code;
const category = (o: Observation) => o.category?.[0]?.coding?.[0]?.code;

function expectedFlag(value: Quantity | undefined, range: Range | undefined): string {
  const v = value?.value as number;
  if (v < (range?.low?.value as number)) return 'L';
  if (v > (range?.high?.value as number)) return 'H';
  return 'N';
}

describe('observations', () => {
  it('interpret() flags below, inside and above the range', () => {
    expect(interpret(3.9, 4, 5.6)).toBe('L');
    expect(interpret(4, 4, 5.6)).toBe('N');
    expect(interpret(5.6, 4, 5.6)).toBe('N');
    expect(interpret(5.7, 4, 5.6)).toBe('H');
  });

  it('interpretation always agrees with the value and the reference range', () => {
    let flagged = 0;
    for (const o of observations) {
      for (const part of [o, ...(o.component ?? [])]) {
        if (!part.interpretation) continue;
        flagged++;
        const range = part.referenceRange?.[0];
        expect(range?.low?.value).toBeTypeOf('number');
        expect(range?.high?.value).toBeTypeOf('number');
        expect(part.interpretation[0]?.coding?.[0]?.system).toBe(
          'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
        );
        expect(part.interpretation[0]?.coding?.[0]?.code).toBe(
          expectedFlag(part.valueQuantity, range),
        );
      }
    }
    expect(flagged).toBeGreaterThan(100);
  });

  it('gives every lab a value, unit, reference range and interpretation', () => {
    const labs = observations.filter((o) => category(o) === 'laboratory');
    expect(new Set(labs.map(code))).toEqual(
      new Set(['4548-4', '2093-3', '18262-6', '2085-9', '2345-7']),
    );
    for (const o of labs) {
      expect(o.valueQuantity?.system).toBe('http://unitsofmeasure.org');
      expect(o.referenceRange?.[0]?.low).toBeDefined();
      expect(o.interpretation?.[0]?.coding?.[0]?.code).toMatch(/^[HLN]$/);
    }
    // Both directions occur, so flags are not a constant.
    const flags = new Set(labs.map((o) => o.interpretation?.[0]?.coding?.[0]?.code));
    expect(flags.has('H') && flags.has('N')).toBe(true);
  });

  it('marks one or two results corrected and the rest final', () => {
    const statuses = observations.map((o) => o.status);
    const corrected = statuses.filter((s) => s === 'corrected').length;
    expect(corrected).toBeGreaterThanOrEqual(1);
    expect(corrected).toBeLessThanOrEqual(2);
    expect(statuses.filter((s) => s !== 'corrected' && s !== 'final')).toEqual([]);
  });

  it('draws HbA1c trends that move plausibly between visits', () => {
    let series = 0;
    for (const p of practice.patients) {
      const a1c = p.resources
        .filter((r): r is Observation => r.resourceType === 'Observation' && code(r) === '4548-4')
        .sort((a, b) => (a.effectiveDateTime ?? '').localeCompare(b.effectiveDateTime ?? ''))
        .map((o) => o.valueQuantity?.value as number);
      if (a1c.length < 3) continue;
      series++;
      for (const v of a1c) expect(v).toBeGreaterThanOrEqual(4.5);
      for (const v of a1c) expect(v).toBeLessThanOrEqual(11);
      for (let i = 1; i < a1c.length; i++) {
        expect(Math.abs((a1c[i] as number) - (a1c[i - 1] as number))).toBeLessThan(2);
      }
    }
    expect(series).toBeGreaterThanOrEqual(1);
  });

  it('computes BMI from the weight and height of the same visit', () => {
    let checked = 0;
    for (const p of practice.patients) {
      const byVisit = new Map<string, Map<string, number>>();
      for (const r of p.resources) {
        if (r.resourceType !== 'Observation' || !r.encounter?.reference) continue;
        const visit = byVisit.get(r.encounter.reference) ?? new Map<string, number>();
        visit.set(code(r) ?? '', r.valueQuantity?.value as number);
        byVisit.set(r.encounter.reference, visit);
      }
      for (const v of byVisit.values()) {
        const bmi = v.get('39156-5');
        if (bmi === undefined) continue;
        const h = (v.get('8302-2') as number) / 100;
        expect(Math.abs(bmi - (v.get('29463-7') as number) / (h * h))).toBeLessThan(0.06);
        expect(bmi).toBeGreaterThan(11);
        expect(bmi).toBeLessThan(45);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('groups lab observations of the same patient and visit into reports', () => {
    for (const p of practice.patients) {
      const byRef = new Map(p.resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
      const reports = p.resources.filter(
        (r): r is DiagnosticReport => r.resourceType === 'DiagnosticReport',
      );
      for (const report of reports) {
        expect(report.result?.length).toBeGreaterThan(0);
        expect(report.conclusion).toBeTruthy();
        for (const ref of report.result ?? []) {
          const obs = byRef.get(ref.reference ?? '') as Observation | undefined;
          expect(obs && category(obs)).toBe('laboratory');
          expect(obs?.encounter?.reference).toBe(report.encounter?.reference);
        }
      }
    }
  });
});
