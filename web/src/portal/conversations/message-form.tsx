/** Writing to the care team from the portal: a new conversation, or a reply in one. */
import { useT } from '../../i18n/i18n';
import { ComposeForm } from '../../records/compose-form';
import { conversationMessages } from './messages';
import { useSendMessage } from './use-conversations';

export function MessageForm({
  threadId,
  onSent,
  onCancel,
}: {
  /** A reply in this conversation; without it, a new conversation with a subject. */
  threadId?: string;
  onSent: (sent: { subject: string }) => void;
  onCancel?: () => void;
}) {
  const t = useT(conversationMessages);
  const send = useSendMessage(threadId);
  return (
    <ComposeForm
      idPrefix={threadId ? `reply-${threadId}` : 'new-message'}
      withSubject={threadId === undefined}
      subjectHint={t('subjectHint')}
      textLabel={threadId ? t('yourReply') : t('text')}
      sendLabel={threadId ? t('reply') : t('send')}
      send={(composed) =>
        send.mutateAsync(composed).then(
          (thread) => {
            onSent({ subject: thread.subject });
            return true;
          },
          () => false,
        )
      }
      pending={send.isPending}
      error={send.error}
      {...(onCancel ? { onCancel } : {})}
    />
  );
}
