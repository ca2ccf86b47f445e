/**
 * The numbers behind a trend chart: one series per measured thing (one for HbA1c; systolic
 * and diastolic for blood pressure), the reference range when known, and "nice" axis ticks.
 * Kept apart from the drawing so the chart and its table read the same numbers.
 */
import type { Observation, ObservationReferenceRange } from '@medplum/fhirtypes';
import { codeText, resourceDate, unitText } from './fhir-text';

export interface TrendPoint {
  time: number;
  date: string;
  value: number;
  observation: Observation;
}

export interface TrendSeries {
  key: string;
  /** LOINC code when known, so callers can name systolic and diastolic in the reader's words. */
  code: string | undefined;
  label: string;
  unit: string;
  points: TrendPoint[];
}

export interface TrendData {
  series: TrendSeries[];
  /** Reference band (single-series charts only: a band per series would hide the lines). */
  range: { low?: number; high?: number } | undefined;
  unit: string;
}

function rangeOf(ranges: ObservationReferenceRange[] | undefined) {
  const r = ranges?.[0];
  if (!r || (r.low?.value === undefined && r.high?.value === undefined)) return undefined;
  return { low: r.low?.value, high: r.high?.value };
}

function pointFrom(obs: Observation, value: number | undefined): TrendPoint | undefined {
  const date = resourceDate(obs);
  if (value === undefined || !Number.isFinite(value) || !date) return undefined;
  const time = new Date(date).getTime();
  if (Number.isNaN(time)) return undefined;
  return { time, date, value, observation: obs };
}

/** Splits observations into numeric series, oldest first. */
export function trendData(observations: Observation[]): TrendData {
  const byKey = new Map<string, TrendSeries>();
  let range: TrendData['range'];
  const add = (key: string, code: string | undefined, label: string, unit: string | undefined) => {
    let series = byKey.get(key);
    if (!series) {
      series = { key, code, label, unit: unitText(unit), points: [] };
      byKey.set(key, series);
    }
    return series;
  };
  for (const obs of observations) {
    if (obs.valueQuantity) {
      const point = pointFrom(obs, obs.valueQuantity.value);
      if (!point) continue;
      const code = obs.code?.coding?.[0]?.code;
      add('value', code, codeText(obs.code), obs.valueQuantity.unit).points.push(point);
      range ??= rangeOf(obs.referenceRange);
      continue;
    }
    for (const component of obs.component ?? []) {
      const point = pointFrom(obs, component.valueQuantity?.value);
      if (!point) continue;
      const code = component.code?.coding?.[0]?.code;
      const key = code ?? codeText(component.code);
      add(key, code, codeText(component.code), component.valueQuantity?.unit).points.push(point);
    }
  }
  const series = [...byKey.values()];
  for (const s of series) s.points.sort((a, b) => a.time - b.time);
  return {
    series,
    range: series.length === 1 ? range : undefined,
    unit: series[0]?.unit ?? '',
  };
}

/** Whether there is anything worth drawing: at least two numeric points in some series. */
export function hasTrend(observations: Observation[]): boolean {
  return trendData(observations).series.some((s) => s.points.length >= 2);
}

/** Round, evenly spaced ticks covering [min, max] (about `count` of them). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const rough = (max - min) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  const ticks: number[] = [];
  const first = Math.floor(min / step) * step;
  for (let i = 0; i < 50; i++) {
    const v = first + i * step;
    ticks.push(Math.round(v * 1e6) / 1e6);
    if (v >= max) break;
  }
  return ticks;
}
