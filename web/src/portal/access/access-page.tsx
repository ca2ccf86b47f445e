/**
 * Who accessed my record (/portal/access): the open record's access history as a readable
 * timeline, then the disclosures report.
 */
import { Stack, Text } from '@mantine/core';
import { useT } from '../../i18n/i18n';
import { PortalPage } from '../frame/portal-page';
import { AccessTimeline } from './access-timeline';
import { DisclosuresReport } from './disclosures-report';
import { accessMessages } from './messages';

export function AccessPage() {
  const t = useT(accessMessages);
  return (
    <PortalPage title={t('title')}>
      <Stack gap="xl">
        <Text>{t('intro')}</Text>
        <AccessTimeline />
        <DisclosuresReport />
      </Stack>
    </PortalPage>
  );
}
