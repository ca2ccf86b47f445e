/**
 * The care team's messages as the console reads them (server/src/messaging/inbox-routes.ts):
 * the inbox of conversations waiting for an answer, one conversation, and answering it or
 * marking it handled.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../api/client';
import type { Conversation, OutgoingFile } from '../records/conversation';
import { CLINICAL_ROLES, consoleKey, practicePath } from './console-api';
import { useConsolePractice } from './practice-context';

/** Roles whose `messaging` permission lets them answer patients (and see the page). */
export const MESSAGE_READERS = CLINICAL_ROLES;

/** Restates server/src/messaging/care-team-inbox.ts: InboxEntry. */
export interface InboxEntry {
  threadId: string;
  patientId: string;
  patientName: string | null;
  subject: string;
  waitingSince: string;
  waitingCount: number;
}

export function useInbox() {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: consoleKey(tenantId, 'messages'),
    queryFn: async () =>
      (await apiGet<{ conversations: InboxEntry[] }>(`${practicePath(tenantId)}/messages`))
        .conversations,
  });
}

export function useStaffConversation(threadId: string) {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: consoleKey(tenantId, 'messages', threadId),
    queryFn: () =>
      apiGet<{ thread: Conversation; patientName: string | null; mine: string[] }>(
        `${practicePath(tenantId)}/messages/${threadId}`,
      ),
  });
}

/**
 * Answers the conversation (with text) or marks it handled (without), naming the waiting
 * messages shown (`seen`): one that came in since is never closed unseen (the server answers
 * 409). Either way the inbox and the conversation are read again.
 */
export function useAnswer(threadId: string) {
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const path = `${practicePath(tenantId)}/messages/${threadId}`;
  return useMutation({
    mutationFn: ({
      text,
      seen,
      attachments = [],
    }: {
      text?: string;
      seen: string[];
      attachments?: OutgoingFile[];
    }) =>
      text === undefined
        ? apiPost<Conversation>(`${path}/handled`, { seen })
        : apiPost<Conversation>(`${path}/replies`, { text, seen, attachments }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: consoleKey(tenantId, 'messages') });
    },
  });
}

/** Withdraws a message the reader sent in error (server: only its writer may). */
export function useWithdraw() {
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) =>
      apiPost<null>(`${practicePath(tenantId)}/message-withdrawals`, { messageId }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: consoleKey(tenantId, 'messages') });
    },
  });
}
