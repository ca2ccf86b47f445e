/**
 * My details (/portal/details, USE-2, DATA-1): the name, birth date and gender the practice
 * holds, with requests to correct them; then phones, email, home address, emergency contacts
 * and preferred language, changed by the patient where the practice allows. A proxy sees them
 * but cannot change them: the server refuses, and the page says so instead of offering a form
 * that would fail.
 */
import { Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { useOpenRecord } from '../frame/open-record';
import { PortalPage } from '../frame/portal-page';
import { DetailsForm } from './details-form';
import { IdentitySection } from './identity-section';
import { detailsMessages } from './messages';
import { useOwnDetails } from './use-details';
import { useSelfService } from './use-self-service';

function DetailsContent() {
  const t = useT(detailsMessages);
  const record = useOpenRecord();
  const details = useOwnDetails();
  const selfService = useSelfService();
  const contactId = useId();
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Text>{t('intro')}</Text>
        {!record.self && <Text fw={600}>{t('proxyNote')}</Text>}
      </Stack>
      <QueryState query={selfService}>
        {(service) => (
          <>
            <IdentitySection service={service} />
            <Stack gap="sm" component="section" aria-labelledby={contactId}>
              <Title order={2} id={contactId}>
                {t('contactTitle')}
              </Title>
              <QueryState query={details}>
                {(data) => (
                  <DetailsForm
                    details={data}
                    readOnly={!record.self || !service.canEdit}
                    policy={service.policy}
                  />
                )}
              </QueryState>
            </Stack>
          </>
        )}
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
