/**
 * One conversation in the portal: its subject, whether it waits for the care team, the messages
 * in order, and (when the person may write) a reply form opened on demand.
 */
import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { useT } from '../../i18n/i18n';
import type { Conversation, ConversationMessage } from '../../records/conversation';
import { ConversationStatus } from '../../records/conversation-status';
import { MessageList } from '../../records/message-list';
import { useOpenRecord } from '../frame/open-record';
import { MessageForm } from './message-form';
import { conversationMessages } from './messages';

export function ConversationCard({
  conversation,
  canWrite,
  onReplied,
}: {
  conversation: Conversation;
  canWrite: boolean;
  onReplied: () => void;
}) {
  const t = useT(conversationMessages);
  const record = useOpenRecord();
  const [replying, setReplying] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const closeForm = () => {
    setReplying(false);
    requestAnimationFrame(() => replyButton.current?.focus());
  };
  const writer = (message: ConversationMessage) => {
    if (message.from === 'care_team') {
      return message.author ? t('careTeam', { name: message.author }) : t('careTeamUnnamed');
    }
    if (message.from === 'proxy') return t('forPatient', { name: message.author ?? '' });
    return record.self ? t('you') : t('patient');
  };
  const headingId = `conversation-${conversation.id}`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={3} size="h4" id={headingId}>
            {conversation.subject}
          </Title>
          <ConversationStatus
            waiting={conversation.waiting}
            waitingLabel={t('waiting')}
            answeredLabel={t('answered')}
          />
        </Group>
        <MessageList
          messages={conversation.messages}
          writer={writer}
          fileUrl={(messageId, index) => `/api/me/record/message-files/${messageId}/${index}`}
        />
        {canWrite &&
          (replying ? (
            <MessageForm
              threadId={conversation.id}
              onCancel={closeForm}
              onSent={() => {
                closeForm();
                onReplied();
              }}
            />
          ) : (
            <div>
              <Button variant="light" ref={replyButton} onClick={() => setReplying(true)}>
                {t('reply')}
              </Button>
            </div>
          ))}
      </Stack>
    </Paper>
  );
}
