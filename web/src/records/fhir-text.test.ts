import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  abnormalFlag,
  isCorrected,
  observationParts,
  observationValue,
  referenceRangeText,
} from './fhir-text';
import { hasTrend, trendData } from './trend-series';

const loinc = (code: string, display: string) => ({
  coding: [{ system: 'http://loinc.org', code, display }],
  text: display,
});

const hba1c = (value: number, date: string, flag?: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: loinc('4548-4', 'Hemoglobin A1c'),
  effectiveDateTime: date,
  valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
  referenceRange: [{ low: { value: 4, unit: '%' }, high: { value: 5.6, unit: '%' } }],
  ...(flag ? { interpretation: [{ coding: [{ code: flag }] }] } : {}),
});

const bloodPressure = (systolic: number, diastolic: number, date: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: loinc('85354-9', 'Blood pressure panel'),
  effectiveDateTime: date,
  component: [
    { code: loinc('8480-6', 'Systolic'), valueQuantity: { value: systolic, unit: 'mm[Hg]' } },
    { code: loinc('8462-4', 'Diastolic'), valueQuantity: { value: diastolic, unit: 'mm[Hg]' } },
  ],
});

describe('results in words', () => {
  it('shows a value with its unit and range, and a panel as one reading', () => {
    expect(observationValue(hba1c(7.2, '2026-01-01'))).toBe('7.2 %');
    expect(referenceRangeText(hba1c(7.2, '2026-01-01'))).toBe('4–5.6 %');
    expect(observationValue(bloodPressure(120, 80, '2026-01-01'))).toMatch(/^120\/80 mmHg$/);
    expect(observationParts(bloodPressure(120, 80, '2026-01-01'))).toEqual({
      value: '120/80',
      unit: 'mmHg',
    });
  });

  it('spells out abnormal flags in the reader’s language, the worst first', () => {
    expect(abnormalFlag(hba1c(7.2, '2026-01-01', 'H'))).toMatchObject({ flag: 'high' });
    expect(abnormalFlag(hba1c(7.2, '2026-01-01', 'H')).label).toBe('High');
    expect(abnormalFlag(hba1c(7.2, '2026-01-01', 'H'), 'es').label).not.toBe('High');
    expect(abnormalFlag(hba1c(14, '2026-01-01', 'HH')).flag).toBe('critical');
    expect(abnormalFlag(hba1c(5, '2026-01-01', 'N'))).toMatchObject({ flag: undefined });
    expect(abnormalFlag(hba1c(5, '2026-01-01', 'N')).label).not.toBe('');
    expect(abnormalFlag(hba1c(5, '2026-01-01'))).toEqual({ flag: undefined, label: '' });
  });

  it('marks corrected and amended results', () => {
    expect(isCorrected({ ...hba1c(7, '2026-01-01'), status: 'corrected' })).toBe(true);
    expect(isCorrected({ ...hba1c(7, '2026-01-01'), status: 'amended' })).toBe(true);
    expect(isCorrected(hba1c(7, '2026-01-01'))).toBe(false);
  });

  it('draws a trend only from two or more numbers, oldest first, blood pressure as two lines', () => {
    expect(hasTrend([hba1c(7, '2026-01-01')])).toBe(false);
    const single = trendData([hba1c(7.5, '2026-03-01'), hba1c(7.0, '2025-06-01')]);
    expect(single.series).toHaveLength(1);
    expect(single.series[0]?.points.map((p) => p.value)).toEqual([7.0, 7.5]);
    expect(single.range).toBeDefined();
    const bp = trendData([
      bloodPressure(130, 85, '2026-01-01'),
      bloodPressure(120, 80, '2025-01-01'),
    ]);
    expect(bp.series.map((s) => s.points.map((p) => p.value))).toEqual([
      [120, 130],
      [80, 85],
    ]);
  });
});
