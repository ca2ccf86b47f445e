/**
 * One lab report (DiagnosticReport): its name, when it was collected, whether it was
 * corrected or is still preliminary, what it says (conclusion and presented text), and its
 * results as a table.
 */
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { formatDate } from '../../components/dates';
import { useLanguage, useLocale, useT } from '../../i18n/i18n';
import { attachmentText } from '../../records/attachment-text';
import { isCorrected, resourceDate } from '../../records/fhir-text';
import { PlainText } from '../../records/plain-text';
import { ResultsTable } from '../../records/results-table';
import { testName } from '../../records/test-name';
import { resultsMessages } from './messages';

export function ReportCard({
  report,
  results,
}: {
  report: DiagnosticReport;
  results: Observation[];
}) {
  const t = useT(resultsMessages);
  const locale = useLocale();
  const { language } = useLanguage();
  const corrected = isCorrected(report);
  const texts = [
    report.conclusion,
    ...(report.presentedForm ?? []).map((form) => attachmentText(form)),
  ].filter((text): text is string => Boolean(text?.trim()));
  const performer = report.performer
    ?.map((p) => p.display)
    .filter(Boolean)
    .join(', ');

  return (
    <Paper withBorder p="md" component="article">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} size="h4">
            {testName(report.code, language)}
          </Title>
          {corrected && (
            <Badge color="violet.9" variant="outline">
              {t('corrected')}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {t('reportDate', { date: formatDate(resourceDate(report), locale) })}
          {performer ? ` · ${t('reportBy', { name: performer })}` : ''}
        </Text>
        {corrected && <Text size="sm">{t('correctedNote')}</Text>}
        {(report.status === 'preliminary' || report.status === 'partial') && (
          <Text size="sm" fw={600}>
            {t(`status_${report.status}`)}
          </Text>
        )}
        {texts.length > 0 && (
          <Stack gap={4}>
            <Text fw={600} size="sm">
              {t('conclusion')}
            </Text>
            {texts.map((text, index) => (
              <PlainText key={index} text={text} />
            ))}
          </Stack>
        )}
        {results.length > 0 && (
          <ResultsTable observations={results} label={testName(report.code, language)} />
        )}
      </Stack>
    </Paper>
  );
}
