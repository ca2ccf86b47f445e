/**
 * The open record's conversations with the care team (GET /api/me/record/messages), and
 * writing a new one or a reply, keyed by the open record.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../api/client';
import type { Conversation, OutgoingFile } from '../../records/conversation';
import { recordKey, useOpenRecord } from '../frame/open-record';

export interface ConversationListing {
  threads: Conversation[];
  canWrite: boolean;
}

export function useConversations() {
  const record = useOpenRecord();
  return useQuery({
    queryKey: recordKey(record, 'messages'),
    queryFn: () => apiGet<ConversationListing>('/api/me/record/messages'),
  });
}

/** Sends a new conversation (with a subject) or a reply (to `threadId`). */
export function useSendMessage(threadId?: string) {
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      subject,
      text,
      attachments,
    }: {
      subject?: string;
      text: string;
      attachments: OutgoingFile[];
    }) =>
      apiPost<Conversation>(
        threadId ? `/api/me/record/messages/${threadId}/replies` : '/api/me/record/messages',
        threadId ? { text, attachments } : { subject, text, attachments },
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: recordKey(record, 'messages') });
    },
  });
}
