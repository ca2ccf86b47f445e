/**
 * The messages of one conversation, oldest first: who wrote (in the reader's words, from
 * `writer`), when, and the text as typed (line breaks kept, never interpreted as markup).
 */
import { Anchor, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatDateTime } from '../components/dates';
import { useLocale } from '../i18n/i18n';
import type { ConversationMessage } from './conversation';

/** "2.4 MB", "830 KB": a file's size in words. */
function sizeInWords(bytes: number, locale: string): string {
  const format = (n: number) => n.toLocaleString(locale, { maximumFractionDigits: 1 });
  return bytes >= 1024 * 1024
    ? `${format(bytes / (1024 * 1024))} MB`
    : `${format(Math.max(1, bytes / 1024))} KB`;
}

export function MessageList({
  messages,
  writer,
  fileUrl,
  action,
}: {
  messages: ConversationMessage[];
  writer: (message: ConversationMessage) => string;
  /** Where a file of a message is downloaded (a plain link: nothing passes through the page). */
  fileUrl: (messageId: string, index: number) => string;
  /** What the reader may do with a message (the console's "withdraw"), under it. */
  action?: (message: ConversationMessage) => ReactNode;
}) {
  const locale = useLocale();
  return (
    <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {messages.map((message) => (
        <li key={message.id}>
          <Paper
            p="sm"
            radius="sm"
            bg={message.from === 'care_team' ? 'var(--mantine-color-blue-0)' : undefined}
            withBorder={message.from !== 'care_team'}
          >
            <Text size="sm" fw={600}>
              {writer(message)}
              <Text span size="sm" fw={400}>
                {' · '}
                {formatDateTime(message.sent, locale)}
              </Text>
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{message.text}</Text>
            {message.attachments.map((file) => (
              <Text key={file.index} size="sm">
                <Anchor href={fileUrl(message.id, file.index)} download={file.title}>
                  {file.title}
                </Anchor>{' '}
                ({sizeInWords(file.size, locale)})
              </Text>
            ))}
            {action?.(message)}
          </Paper>
        </li>
      ))}
    </Stack>
  );
}
