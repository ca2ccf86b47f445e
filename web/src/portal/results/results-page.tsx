/**
 * Results (/portal/results): every lab and vital-sign result of the open record with its
 * range and flag, a trend chart for each test done at least twice, and the lab reports with
 * what they say. The test filter lives in component state, never in the URL.
 */
import { Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Resource } from '@medplum/fhirtypes';
import { useState } from 'react';
import { QueryState } from '../../components/query-state';
import { useLanguage, useT } from '../../i18n/i18n';
import { ResultsTable } from '../../records/results-table';
import { testName } from '../../records/test-name';
import { TrendChart } from '../../records/trend-chart';
import { PortalPage } from '../frame/portal-page';
import { useRecordResources } from '../frame/use-record-resources';
import { resultsMessages } from './messages';
import { ReportCard } from './report-card';
import { groupByTest, reportResults, reportsOf, resultObservations } from './result-groups';

const ALL = 'all';

function Results({ resources }: { resources: Resource[] }) {
  const t = useT(resultsMessages);
  const { language } = useLanguage();
  const [test, setTest] = useState(ALL);
  const observations = resultObservations(resources);
  const groups = groupByTest(observations);
  const shown = test === ALL ? groups : groups.filter((g) => g.key === test);
  const shownObservations = shown.flatMap((g) => g.observations);
  const shownIds = new Set(shownObservations.map((o) => o.id));
  const reports = reportsOf(resources)
    .map((report) => ({ report, results: reportResults(report, observations) }))
    .filter(({ results }) => test === ALL || results.some((o) => shownIds.has(o.id)));
  const trends = shown.filter((g) => g.trend);
  const nameOf = (key: string) =>
    testName(groups.find((g) => g.key === key)?.observations[0]?.code, language);

  return (
    <Stack gap="xl">
      <Select
        label={t('filterLabel')}
        data={[
          { value: ALL, label: t('allTests') },
          ...groups.map((g) => ({ value: g.key, label: nameOf(g.key) })),
        ]}
        value={test}
        onChange={(value) => setTest(value ?? ALL)}
        allowDeselect={false}
        maw={360}
      />
      <Stack gap="sm" component="section">
        <Title order={2}>{t('trends')}</Title>
        {trends.length === 0 ? (
          <Text>{t('noTrends')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {trends.map((g) => (
              <TrendChart key={g.key} title={nameOf(g.key)} observations={g.observations} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <Stack gap="sm" component="section">
        <Title order={2}>{t('reports')}</Title>
        {reports.length === 0 && <Text>{t('noReports')}</Text>}
        {reports.map(({ report, results }, index) => (
          <ReportCard key={report.id ?? index} report={report} results={results} />
        ))}
      </Stack>
      <Stack gap="sm" component="section">
        <Title order={2}>{t('allResults')}</Title>
        <ResultsTable observations={shownObservations} label={t('allResults')} />
      </Stack>
    </Stack>
  );
}

function ResultsContent() {
  const resources = useRecordResources(['Observation', 'DiagnosticReport']);
  return <QueryState query={resources}>{(list) => <Results resources={list} />}</QueryState>;
}

export function ResultsPage() {
  const t = useT(resultsMessages);
  return (
    <PortalPage title={t('title')}>
      <ResultsContent />
    </PortalPage>
  );
}
