/**
 * What the patient reported before their visits (DATA-6): their answers to the practice's
 * questionnaires, symptoms included, newest first, each as they answered it.
 */
import { Paper, Stack, Text, Title } from '@mantine/core';
import type { QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import { formatDateTime } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import {
  answeredByGuardian,
  questionnaireTitle,
  ResponseAnswers,
} from '../records/response-answers';
import { chartMessages } from './chart-messages';

export function ChartQuestionnaires({ resources }: { resources: Resource[] }) {
  const t = useT(chartMessages);
  const locale = useLocale();
  const responses = resources
    .filter((r): r is QuestionnaireResponse => r.resourceType === 'QuestionnaireResponse')
    .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''));
  return (
    <Stack gap="md">
      <Text>{t('formsIntro')}</Text>
      {responses.length === 0 && <Text>{t('noForms')}</Text>}
      {responses.map((response) => (
        <Paper withBorder p="md" component="article" key={response.id}>
          <Title order={3} size="h4">
            {questionnaireTitle(response) ?? t('tabForms')}
          </Title>
          <Text size="sm" mb="xs">
            {t('answeredOn', { date: formatDateTime(response.authored, locale) })}
          </Text>
          {answeredByGuardian(response) && (
            <Text size="sm" fw={600} mb="xs">
              {t('answeredByGuardian')}
            </Text>
          )}
          <ResponseAnswers items={response.item ?? []} />
        </Paper>
      ))}
    </Stack>
  );
}
