/**
 * Sorting a record's results for the results page: which observations are lab or vital-sign
 * results, the tests among them (for the filter and the trend charts), and a report's own
 * results.
 */
import type { DiagnosticReport, Observation, Resource } from '@medplum/fhirtypes';
import { resourceDate } from '../../records/fhir-text';
import { testKey } from '../../records/test-name';
import { hasTrend } from '../../records/trend-series';

const RESULT_CATEGORIES = new Set(['laboratory', 'vital-signs']);

export function resultObservations(resources: Resource[]): Observation[] {
  return resources.filter(
    (r): r is Observation =>
      r.resourceType === 'Observation' &&
      r.status !== 'entered-in-error' &&
      (r.category ?? []).some((c) =>
        c.coding?.some((code) => RESULT_CATEGORIES.has(code.code ?? '')),
      ),
  );
}

export function reportsOf(resources: Resource[]): DiagnosticReport[] {
  return resources
    .filter(
      (r): r is DiagnosticReport =>
        r.resourceType === 'DiagnosticReport' && r.status !== 'entered-in-error',
    )
    .sort((a, b) => (resourceDate(b) ?? '').localeCompare(resourceDate(a) ?? ''));
}

export interface TestGroup {
  key: string;
  observations: Observation[];
  trend: boolean;
}

/** One group per test, most recently done first. */
export function groupByTest(observations: Observation[]): TestGroup[] {
  const groups = new Map<string, Observation[]>();
  for (const obs of observations) {
    const key = testKey(obs.code);
    groups.set(key, [...(groups.get(key) ?? []), obs]);
  }
  const latest = (list: Observation[]) =>
    list
      .map((o) => resourceDate(o) ?? '')
      .sort()
      .pop() ?? '';
  return [...groups]
    .map(([key, list]) => ({ key, observations: list, trend: hasTrend(list) }))
    .sort((a, b) => latest(b.observations).localeCompare(latest(a.observations)));
}

/** The observations a report lists in `result`, found among those read. */
export function reportResults(
  report: DiagnosticReport,
  observations: Observation[],
): Observation[] {
  const ids = new Set(
    (report.result ?? []).map((ref) => ref.reference?.replace(/^Observation\//, '')),
  );
  return observations.filter((o) => o.id !== undefined && ids.has(o.id));
}
