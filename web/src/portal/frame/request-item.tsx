/**
 * One of the patient's requests to the practice (a restriction, a change to their details), as a
 * list item: where it stands, in words on a coloured badge (never colour alone), when it was
 * asked, then what the caller adds.
 */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function RequestItem({
  status,
  colour,
  asked,
  children,
}: {
  status: string;
  colour: string;
  asked: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="sm" mb="xs" component="li">
      <Stack gap={4}>
        <Group gap="xs">
          <Badge color={colour} variant="filled">
            {status}
          </Badge>
          <Text size="sm">{asked}</Text>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}
