/**
 * A chart's results for staff: a trend chart for each test done more than once, the reports
 * with what they conclude, and every result with its range and flag in words.
 */
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { DiagnosticReport, Observation, Resource } from '@medplum/fhirtypes';
import { formatDate } from '../components/dates';
import { useLanguage, useLocale, useT } from '../i18n/i18n';
import { attachmentText } from '../records/attachment-text';
import { resourceDate } from '../records/fhir-text';
import { PlainText } from '../records/plain-text';
import { resourceTitle } from '../records/resource-title';
import { ResultsTable } from '../records/results-table';
import { testKey, testName } from '../records/test-name';
import { TrendChart } from '../records/trend-chart';
import { hasTrend } from '../records/trend-series';
import { chartMessages } from './chart-messages';

const newestFirst = (a: Resource, b: Resource) =>
  (resourceDate(b) ?? '').localeCompare(resourceDate(a) ?? '');

function byTest(observations: Observation[]): Observation[][] {
  const groups = new Map<string, Observation[]>();
  for (const obs of observations) {
    const key = testKey(obs.code);
    groups.set(key, [...(groups.get(key) ?? []), obs]);
  }
  return [...groups.values()];
}

function ReportCard({ report }: { report: DiagnosticReport }) {
  const t = useT(chartMessages);
  const locale = useLocale();
  const text =
    report.conclusion ??
    (report.presentedForm ?? []).map((form) => attachmentText(form)).find(Boolean);
  return (
    <Paper withBorder p="sm" component="article">
      <Title order={3} size="h5">
        {resourceTitle(report)}
      </Title>
      <Text size="sm" c="dimmed">
        {t('reportDate', { date: formatDate(resourceDate(report), locale) })}
      </Text>
      {text && <PlainText text={text} />}
    </Paper>
  );
}

export function ChartResults({ resources }: { resources: Resource[] }) {
  const t = useT(chartMessages);
  const { language } = useLanguage();
  const observations = resources.filter(
    (r): r is Observation => r.resourceType === 'Observation' && r.status !== 'entered-in-error',
  );
  const trends = byTest(observations).filter(hasTrend);
  const reports = resources
    .filter((r): r is DiagnosticReport => r.resourceType === 'DiagnosticReport')
    .sort(newestFirst);

  return (
    <Stack gap="xl">
      <Stack gap="sm" component="section">
        <Title order={2}>{t('trends')}</Title>
        {trends.length === 0 ? (
          <Text>{t('noTrends')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {trends.map((group) => (
              <TrendChart
                key={testKey(group[0]?.code)}
                title={testName(group[0]?.code, language)}
                observations={group}
              />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <Stack gap="sm" component="section">
        <Title order={2}>{t('reports')}</Title>
        {reports.length === 0 && <Text>{t('noReports')}</Text>}
        {reports.map((report, index) => (
          <ReportCard key={report.id ?? index} report={report} />
        ))}
      </Stack>
      <Stack gap="sm" component="section">
        <Title order={2}>{t('allResults')}</Title>
        <ResultsTable observations={observations} />
      </Stack>
    </Stack>
  );
}
