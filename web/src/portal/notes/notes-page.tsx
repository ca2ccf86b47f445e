/**
 * Notes and care plans (/portal/notes): the open record's visit notes and care plans, newest
 * first, with author and date, as clinicians wrote them.
 */
import { Stack, Text } from '@mantine/core';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { PortalPage } from '../frame/portal-page';
import { useRecordResources } from '../frame/use-record-resources';
import { notesMessages } from './messages';
import { NoteCard } from './note-card';
import { noteEntries } from './note-entries';

function NotesContent() {
  const t = useT(notesMessages);
  const resources = useRecordResources(['DocumentReference', 'CarePlan']);
  return (
    <QueryState query={resources}>
      {(list) => {
        const entries = noteEntries(list);
        return (
          <Stack gap="md">
            <Text>{t('intro')}</Text>
            {entries.length === 0 && <Text>{t('none')}</Text>}
            {entries.map((entry) => (
              <NoteCard key={entry.id} entry={entry} />
            ))}
          </Stack>
        );
      }}
    </QueryState>
  );
}

export function NotesPage() {
  const t = useT(notesMessages);
  return (
    <PortalPage title={t('title')}>
      <NotesContent />
    </PortalPage>
  );
}
