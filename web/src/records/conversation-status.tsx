/** Where a conversation stands, in words on a coloured badge (never colour alone). */
import { Badge } from '@mantine/core';

export function ConversationStatus({
  waiting,
  waitingLabel,
  answeredLabel,
}: {
  waiting: boolean;
  waitingLabel: string;
  answeredLabel: string;
}) {
  return (
    <Badge color={waiting ? 'yellow.9' : 'teal.9'} variant="filled" tt="none">
      {waiting ? waitingLabel : answeredLabel}
    </Badge>
  );
}
