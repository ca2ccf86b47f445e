/**
 * /console/messages (USE-3): conversations of the clinician's or nurse's own patients that wait
 * for an answer, oldest first, each linked to the conversation and the patient's chart. The
 * subject is shown (the staff member treats the patient); the text only in the conversation.
 */
import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime } from '../components/dates';
import { QueryState } from '../components/query-state';
import { useLocale, useT } from '../i18n/i18n';
import { SimpleTable } from '../records/simple-table';
import { ConsoleLayout } from './console-layout';
import { useInbox } from './inbox-api';
import { inboxMessages } from './inbox-messages';

export function InboxPage() {
  const t = useT(inboxMessages);
  const locale = useLocale();
  const inbox = useInbox();
  return (
    <ConsoleLayout title={t('title')}>
      <Stack gap="md">
        <Text>{t('intro')}</Text>
        <QueryState query={inbox}>
          {(entries) => (
            <SimpleTable
              title={t('heading')}
              headers={[t('waitingSince'), t('patient'), t('subject'), t('waiting')]}
              rows={entries.map((entry) => ({
                key: entry.threadId,
                cells: [
                  formatDateTime(entry.waitingSince, locale),
                  <Anchor
                    key="patient"
                    component={Link}
                    to={`/console/patients/${entry.patientId}`}
                  >
                    {entry.patientName ?? t('unnamed')}
                  </Anchor>,
                  <Anchor key="subject" component={Link} to={`/console/messages/${entry.threadId}`}>
                    {entry.subject}
                  </Anchor>,
                  String(entry.waitingCount),
                ],
              }))}
              empty={t('none')}
            />
          )}
        </QueryState>
      </Stack>
    </ConsoleLayout>
  );
}
