/**
 * /console/messages/:threadId (USE-3): one conversation with a patient, in order, with an
 * answer form and "mark handled" for a message that needs no answer. Opening it is a read of
 * the patient's record: decided by the gate (the staff member must treat the patient) and
 * shown in the patient's access history.
 */
import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { ConfirmRevokeButton } from '../portal/frame/confirm-revoke-button';
import { ComposeForm } from '../records/compose-form';
import type { Conversation } from '../records/conversation';
import { ConversationStatus } from '../records/conversation-status';
import { ConsoleLayout } from './console-layout';
import { useAnswer, useStaffConversation, useWithdraw } from './inbox-api';
import { inboxMessages } from './inbox-messages';
import { StaffMessageList } from './staff-message-list';

function AnswerForm({ thread, onDone }: { thread: Conversation; onDone: (words: string) => void }) {
  const t = useT(inboxMessages);
  const answer = useAnswer(thread.id);
  const seen = thread.messages.filter((m) => m.waiting).map((m) => m.id);
  return (
    <ComposeForm
      idPrefix={`answer-${thread.id}`}
      withSubject={false}
      textLabel={t('yourAnswer')}
      textHint={t('answerHint')}
      sendLabel={t('send')}
      send={({ text, attachments }) =>
        answer.mutateAsync({ text, seen, attachments }).then(
          () => {
            onDone(t('sent'));
            return true;
          },
          () => false,
        )
      }
      pending={answer.isPending && answer.variables.text !== undefined}
      error={answer.error}
      extra={
        thread.waiting && (
          <Button
            variant="default"
            loading={answer.isPending && answer.variables.text === undefined}
            onClick={() => answer.mutate({ seen }, { onSuccess: () => onDone(t('markedHandled')) })}
          >
            {t('handled')}
          </Button>
        )
      }
    />
  );
}

export function ConversationPage() {
  const t = useT(inboxMessages);
  const { threadId = '' } = useParams();
  const conversation = useStaffConversation(threadId);
  const withdraw = useWithdraw();
  const navigate = useNavigate();
  const [announcement, setAnnouncement] = useState('');
  const announcementRef = useRef<HTMLParagraphElement>(null);
  const announce = (words: string) => {
    setAnnouncement(words);
    requestAnimationFrame(() => announcementRef.current?.focus());
  };
  return (
    <ConsoleLayout title={t('conversationTitle')}>
      <Stack gap="md">
        <Anchor component={Link} to="/console/messages">
          {t('back')}
        </Anchor>
        <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
          {announcement}
        </Text>
        <QueryState query={conversation}>
          {({ thread, patientName, mine }) => (
            <Stack gap="md">
              <Group justify="space-between" align="flex-start">
                <Stack gap={4}>
                  <Title order={2} size="h3">
                    {thread.subject}
                  </Title>
                  <Text>
                    {t('with', { name: patientName ?? t('unnamed') })}
                    {' · '}
                    <Anchor component={Link} to={`/console/patients/${thread.patientId}`}>
                      {t('chart')}
                    </Anchor>
                  </Text>
                </Stack>
                <ConversationStatus
                  waiting={thread.waiting}
                  waitingLabel={t('statusWaiting')}
                  answeredLabel={t('statusAnswered')}
                />
              </Group>
              <StaffMessageList
                messages={thread.messages}
                action={(message) =>
                  mine.includes(message.id) && (
                    <ConfirmRevokeButton
                      id={message.id}
                      revoke={withdraw}
                      words={{
                        label: t('withdraw'),
                        title: t('withdrawTitle'),
                        body: t('withdrawBody'),
                        cancel: t('keep'),
                        confirm: t('confirmWithdraw'),
                      }}
                      onRevoked={() =>
                        // Withdrawing the first message withdraws the conversation: back to
                        // the inbox, as the page has nothing left to show.
                        message.id === thread.id
                          ? void navigate('/console/messages')
                          : announce(t('withdrawn'))
                      }
                    />
                  )
                }
              />
              <AnswerForm thread={thread} onDone={announce} />
            </Stack>
          )}
        </QueryState>
      </Stack>
    </ConsoleLayout>
  );
}
