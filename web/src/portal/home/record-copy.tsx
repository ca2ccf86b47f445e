/**
 * "A copy of this record" (RIGHT-1): a link that downloads the open record as a FHIR JSON file
 * (GET /api/me/record/export). A plain link, so the browser saves the file itself: nothing of it
 * passes through the page's memory or storage.
 */
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useT } from '../../i18n/i18n';
import { homeMessages } from './messages';

export function RecordCopy() {
  const t = useT(homeMessages);
  const headingId = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId}>
        {t('copyTitle')}
      </Title>
      <Text>{t('copyText')}</Text>
      <Anchor href="/api/me/record/export" download>
        {t('copyLink')}
      </Anchor>
    </Stack>
  );
}
