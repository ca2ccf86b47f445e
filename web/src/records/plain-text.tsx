/**
 * Text as a clinician wrote it (a note, a report's conclusion): each line its own paragraph,
 * so line breaks survive without inline styles (the CSP forbids them) and nothing is HTML.
 */
import { Stack, Text } from '@mantine/core';

export function PlainText({ text }: { text: string }) {
  const paragraphs = text.split(/\n/);
  return (
    <Stack gap={4}>
      {paragraphs.map((line, index) =>
        line.trim() === '' ? (
          <div key={index} aria-hidden />
        ) : (
          <Text key={index} size="sm">
            {line}
          </Text>
        ),
      )}
    </Stack>
  );
}
