/**
 * Messages (/portal/messages, USE-3): conversations with the care team, newest first, a form to
 * start one, and a reply form in each. A proxy reads and writes them only when their access
 * includes messaging; the server decides, this page only chooses what to offer.
 */
import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { useOpenRecord } from '../frame/open-record';
import { PortalPage } from '../frame/portal-page';
import { ConversationCard } from './conversation-card';
import { MessageForm } from './message-form';
import { conversationMessages } from './messages';
import { useConversations } from './use-conversations';

function ConversationsContent() {
  const t = useT(conversationMessages);
  const listing = useConversations();
  const record = useOpenRecord();
  const [writing, setWriting] = useState(false);
  const writeButton = useRef<HTMLButtonElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const announcementRef = useRef<HTMLParagraphElement>(null);
  const announce = (words: string) => {
    setAnnouncement(words);
    requestAnimationFrame(() => announcementRef.current?.focus());
  };
  return (
    <QueryState query={listing}>
      {({ threads, canWrite }) => (
        <Stack gap="lg">
          <Text>{t('intro')}</Text>
          <Alert color="red" variant="light">
            {t('emergency')}
          </Alert>
          <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
            {announcement}
          </Text>
          {!canWrite && <Text>{threads.length > 0 ? t('proxyNote') : t('noWriting')}</Text>}
          {canWrite && !record.self && (
            <Text fw={600}>{t('proxyWrites', { name: record.displayName ?? '' })}</Text>
          )}
          {canWrite &&
            (writing ? (
              <Paper withBorder p="md" component="section" aria-label={t('write')}>
                <MessageForm
                  onCancel={() => {
                    setWriting(false);
                    requestAnimationFrame(() => writeButton.current?.focus());
                  }}
                  onSent={({ subject }) => {
                    setWriting(false);
                    announce(t('sent', { subject }));
                  }}
                />
              </Paper>
            ) : (
              <div>
                <Button ref={writeButton} onClick={() => setWriting(true)}>
                  {t('write')}
                </Button>
              </div>
            ))}
          <Stack gap="sm" component="section" aria-labelledby="conversations-title">
            <Title order={2} size="h3" id="conversations-title">
              {t('conversations')}
            </Title>
            {threads.length === 0 && <Text>{t('none')}</Text>}
            {threads.map((thread) => (
              <ConversationCard
                key={thread.id}
                conversation={thread}
                canWrite={canWrite}
                onReplied={() => announce(t('replied'))}
              />
            ))}
          </Stack>
        </Stack>
      )}
    </QueryState>
  );
}

export function ConversationsPage() {
  const t = useT(conversationMessages);
  return (
    <PortalPage title={t('title')}>
      <ConversationsContent />
    </PortalPage>
  );
}
