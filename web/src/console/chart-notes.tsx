/**
 * A chart's visit notes (DocumentReference text, decoded from base64, never as HTML) and care
 * plans (title, status, description, planned activities), newest first.
 */
import { List, Paper, Stack, Text, Title } from '@mantine/core';
import type { CarePlan, DocumentReference, Resource } from '@medplum/fhirtypes';
import { formatDate } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import { attachmentText } from '../records/attachment-text';
import { codeText, resourceDate } from '../records/fhir-text';
import { PlainText } from '../records/plain-text';
import { resourceTitle } from '../records/resource-title';
import { chartMessages, type ChartMessageKey } from './chart-messages';

const newestFirst = (a: Resource, b: Resource) =>
  (resourceDate(b) ?? '').localeCompare(resourceDate(a) ?? '');

function NoteCard({ note }: { note: DocumentReference }) {
  const t = useT(chartMessages);
  const locale = useLocale();
  const text = (note.content ?? []).map((c) => attachmentText(c.attachment)).find(Boolean);
  const author = note.author?.[0]?.display;
  const date = note.date ?? resourceDate(note);
  return (
    <Paper withBorder p="md" component="article">
      <Title order={3} size="h4">
        {resourceTitle(note)}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {date ? t('writtenOn', { date: formatDate(date, locale) }) : ''}
        {author ? ` ${t('writtenBy', { name: author })}` : ''}
      </Text>
      {text ? <PlainText text={text} /> : <Text size="sm">{t('noText')}</Text>}
    </Paper>
  );
}

function PlanCard({ plan }: { plan: CarePlan }) {
  const t = useT(chartMessages);
  const activities = (plan.activity ?? [])
    .map((a) => codeText(a.detail?.code) || a.detail?.description || '')
    .filter(Boolean);
  return (
    <Paper withBorder p="md" component="article">
      <Title order={3} size="h4">
        {resourceTitle(plan)}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('planStatus', {
          status:
            `plan_${plan.status}` in chartMessages.en
              ? t(`plan_${plan.status}` as ChartMessageKey)
              : plan.status,
        })}
      </Text>
      {plan.description && <PlainText text={plan.description} />}
      {activities.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('activities')}
          </Text>
          <List size="sm">
            {activities.map((activity, index) => (
              <List.Item key={index}>{activity}</List.Item>
            ))}
          </List>
        </>
      )}
    </Paper>
  );
}

export function ChartNotes({ resources }: { resources: Resource[] }) {
  const t = useT(chartMessages);
  const notes = resources
    .filter((r): r is DocumentReference => r.resourceType === 'DocumentReference')
    .sort(newestFirst);
  const plans = resources
    .filter((r): r is CarePlan => r.resourceType === 'CarePlan')
    .sort(newestFirst);
  return (
    <Stack gap="xl">
      <Stack gap="sm" component="section">
        <Title order={2}>{t('notes')}</Title>
        {notes.length === 0 && <Text>{t('noNotes')}</Text>}
        {notes.map((note, index) => (
          <NoteCard key={note.id ?? index} note={note} />
        ))}
      </Stack>
      <Stack gap="sm" component="section">
        <Title order={2}>{t('plans')}</Title>
        {plans.length === 0 && <Text>{t('noPlans')}</Text>}
        {plans.map((plan, index) => (
          <PlanCard key={plan.id ?? index} plan={plan} />
        ))}
      </Stack>
    </Stack>
  );
}
