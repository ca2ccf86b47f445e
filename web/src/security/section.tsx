/**
 * A titled part of the security page: a <section> named by its heading, so assistive
 * technology lists it as a region and headings stay in order (h2 sections, h3 parts).
 */
import { Box, Stack, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

export function Section({
  title,
  order = 2,
  id,
  children,
}: {
  title: string;
  order?: 2 | 3;
  /** An anchor other pages can link to (e.g. /security#authenticator-app). */
  id?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId} id={id} mb={order === 2 ? 40 : 'lg'}>
      <Title order={order} id={headingId} mb="sm" tabIndex={-1}>
        {title}
      </Title>
      <Stack gap="sm">{children}</Stack>
    </Box>
  );
}
