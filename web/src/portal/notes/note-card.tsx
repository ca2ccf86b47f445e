/** One visit note or care plan, as written: kind, title, date, author, text, activities. */
import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { formatDate } from '../../components/dates';
import { useLocale, useT } from '../../i18n/i18n';
import { PlainText } from '../../records/plain-text';
import { notesMessages, type NotesMessageKey } from './messages';
import type { NoteEntry } from './note-entries';

export function NoteCard({ entry }: { entry: NoteEntry }) {
  const t = useT(notesMessages);
  const locale = useLocale();
  const statusKey = `planStatus_${entry.status}`;
  const status =
    entry.status && statusKey in notesMessages.en ? t(statusKey as NotesMessageKey) : undefined;

  return (
    <Paper withBorder p="md" component="article">
      <Stack gap="xs">
        <Group gap="xs">
          <Badge color={entry.kind === 'plan' ? 'teal.9' : 'blue.9'} variant="filled">
            {entry.kind === 'plan' ? t('kindPlan') : t('kindNote')}
          </Badge>
          {status && (
            <Badge color="gray.8" variant="outline">
              {status}
            </Badge>
          )}
          {entry.corrected && (
            <Badge color="violet.9" variant="outline">
              {t('corrected')}
            </Badge>
          )}
        </Group>
        <Title order={2} size="h4">
          {entry.title}
        </Title>
        <Text size="sm">
          {entry.date ? t('date', { date: formatDate(entry.date, locale) }) : ''}
          {entry.date && entry.author ? ' · ' : ''}
          {entry.author ? t('writtenBy', { name: entry.author }) : ''}
        </Text>
        {entry.text ? <PlainText text={entry.text} /> : <Text size="sm">{t('noText')}</Text>}
        {entry.activities.length > 0 && (
          <>
            <Text fw={600} size="sm">
              {t('activities')}
            </Text>
            <List size="sm">
              {entry.activities.map((activity, index) => (
                <List.Item key={index}>{activity}</List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Paper>
  );
}
