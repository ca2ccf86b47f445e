/**
 * Sharing and consents (/portal/sharing): permissions (give and take back, each explained),
 * restriction requests, and when new results appear.
 */
import { Stack } from '@mantine/core';
import { useT } from '../../i18n/i18n';
import { PortalPage } from '../frame/portal-page';
import { ConsentsSection } from './consents-section';
import { sharingMessages } from './messages';
import { RestrictionsSection } from './restrictions-section';
import { ResultReleaseSection } from './result-release-section';

export function SharingPage() {
  const t = useT(sharingMessages);
  return (
    <PortalPage title={t('title')}>
      <Stack gap="xl">
        <ConsentsSection />
        <RestrictionsSection />
        <ResultReleaseSection />
      </Stack>
    </PortalPage>
  );
}
