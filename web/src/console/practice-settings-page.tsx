/**
 * /console/settings: the practice administrator's settings for how the practice works with its
 * patients. For now one card: what patients change themselves on "My details" (DATA-1).
 */
import { Stack, Text } from '@mantine/core';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { ConsoleLayout } from './console-layout';
import { SelfServiceCard } from './self-service-card';
import { useSelfServicePolicy } from './self-service-api';
import { settingsMessages } from './settings-messages';

export function PracticeSettingsPage() {
  const t = useT(settingsMessages);
  const policy = useSelfServicePolicy();
  return (
    <ConsoleLayout title={t('title')}>
      <Stack gap="lg">
        <Text>{t('intro')}</Text>
        <QueryState query={policy}>{(data) => <SelfServiceCard policy={data} />}</QueryState>
      </Stack>
    </ConsoleLayout>
  );
}
