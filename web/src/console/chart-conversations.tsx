/**
 * The chart's Messages tab (USE-3): the patient's conversations with the care team, newest
 * first, each opening on its own page to answer, and a form to start one (a result to explain,
 * a follow-up to arrange). The patient's side is told by email that there is something new.
 */
import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { apiGet, apiPost } from '../api/client';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { ComposeForm, type Composed } from '../records/compose-form';
import type { Conversation } from '../records/conversation';
import { ConversationStatus } from '../records/conversation-status';
import { consoleKey, patientPath } from './console-api';
import { inboxMessages } from './inbox-messages';
import { useConsolePractice } from './practice-context';
import { StaffMessageList } from './staff-message-list';

function usePatientConversations(patientId: string) {
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const key = consoleKey(tenantId, 'messages', 'patient', patientId);
  const list = useQuery({
    queryKey: key,
    queryFn: async () =>
      (await apiGet<{ threads: Conversation[] }>(`${patientPath(tenantId, patientId)}/messages`))
        .threads,
  });
  const start = useMutation({
    mutationFn: (input: Composed) =>
      apiPost<Conversation>(`${patientPath(tenantId, patientId)}/messages`, input),
    onSuccess: () =>
      void queryClient.invalidateQueries({ queryKey: consoleKey(tenantId, 'messages') }),
  });
  return { list, start };
}

function StartForm({
  start,
  onDone,
}: {
  start: ReturnType<typeof usePatientConversations>['start'];
  onDone: (subject: string | null) => void;
}) {
  const t = useT(inboxMessages);
  return (
    <ComposeForm
      idPrefix="new-conversation"
      withSubject
      textLabel={t('message')}
      textHint={t('answerHint')}
      sendLabel={t('sendNew')}
      send={(composed) =>
        start.mutateAsync(composed).then(
          (conversation) => {
            onDone(conversation.subject);
            return true;
          },
          () => false,
        )
      }
      pending={start.isPending}
      error={start.error}
      onCancel={() => onDone(null)}
    />
  );
}

export function ChartConversations({ patientId }: { patientId: string }) {
  const t = useT(inboxMessages);
  const { list, start } = usePatientConversations(patientId);
  const [writing, setWriting] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const writeButton = useRef<HTMLButtonElement>(null);
  const announcementRef = useRef<HTMLParagraphElement>(null);
  return (
    <Stack gap="md">
      <Text>{t('chartIntro')}</Text>
      <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
        {announcement}
      </Text>
      {writing ? (
        <Paper withBorder p="md" component="section" aria-label={t('writeToPatient')}>
          <StartForm
            start={start}
            onDone={(subject) => {
              setWriting(false);
              if (subject === null) {
                requestAnimationFrame(() => writeButton.current?.focus());
                return;
              }
              setAnnouncement(t('started', { subject }));
              requestAnimationFrame(() => announcementRef.current?.focus());
            }}
          />
        </Paper>
      ) : (
        <div>
          <Button ref={writeButton} variant="light" onClick={() => setWriting(true)}>
            {t('writeToPatient')}
          </Button>
        </div>
      )}
      <QueryState query={list}>
        {(threads) => (
          <Stack gap="sm">
            {threads.length === 0 && <Text>{t('noConversations')}</Text>}
            {threads.map((thread) => (
              <Paper
                withBorder
                p="md"
                component="article"
                key={thread.id}
                aria-labelledby={`c-${thread.id}`}
              >
                <Stack gap="sm">
                  <Group justify="space-between" align="flex-start">
                    <Title order={3} size="h4" id={`c-${thread.id}`}>
                      <Anchor component={Link} to={`/console/messages/${thread.id}`}>
                        {thread.subject}
                      </Anchor>
                    </Title>
                    <ConversationStatus
                      waiting={thread.waiting}
                      waitingLabel={t('statusWaiting')}
                      answeredLabel={t('statusAnswered')}
                    />
                  </Group>
                  <StaffMessageList messages={thread.messages} />
                </Stack>
              </Paper>
            ))}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
