/**
 * My details (/portal/details, USE-2): phones, email, home address, emergency contacts and
 * preferred language, changed by the patient. A proxy sees them but cannot change them: the
 * server refuses, and the page says so instead of offering a form that would fail.
 */
import { Stack, Text } from '@mantine/core';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { useOpenRecord } from '../frame/open-record';
import { PortalPage } from '../frame/portal-page';
import { DetailsForm } from './details-form';
import { detailsMessages } from './messages';
import { useOwnDetails } from './use-details';

function DetailsContent() {
  const t = useT(detailsMessages);
  const record = useOpenRecord();
  const details = useOwnDetails();
  return (
    <Stack gap="md">
      <Text>{t('intro')}</Text>
      {!record.self && <Text fw={600}>{t('proxyNote')}</Text>}
      <QueryState query={details}>
        {(data) => <DetailsForm details={data} readOnly={!record.self} />}
      </QueryState>
    </Stack>
  );
}

export function DetailsPage() {
  const t = useT(detailsMessages);
  return (
    <PortalPage title={t('title')}>
      <DetailsContent />
    </PortalPage>
  );
}
