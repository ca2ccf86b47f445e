/**
 * A conversation's messages as the care team reads them in the console: who wrote in staff
 * words ("Patient", "<name>, for the patient", "<name>"), and files downloaded through the
 * practice's route.
 */
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import type { ConversationMessage } from '../records/conversation';
import { MessageList } from '../records/message-list';
import { practicePath } from './console-api';
import { inboxMessages } from './inbox-messages';
import { useConsolePractice } from './practice-context';

export function StaffMessageList({
  messages,
  action,
}: {
  messages: ConversationMessage[];
  action?: (message: ConversationMessage) => ReactNode;
}) {
  const t = useT(inboxMessages);
  const { tenantId } = useConsolePractice();
  const writer = (message: ConversationMessage) => {
    if (message.from === 'care_team') return t('staffWrote', { name: message.author ?? '' });
    if (message.from === 'proxy') return t('proxyWrote', { name: message.author ?? '' });
    return t('patientWrote');
  };
  return (
    <MessageList
      messages={messages}
      writer={writer}
      fileUrl={(messageId, index) =>
        `${practicePath(tenantId)}/message-files/${messageId}/${index}`
      }
      {...(action ? { action } : {})}
    />
  );
}
