/**
 * Proxies (/portal/proxies): the people who can act for me (per practice where I have a
 * record), giving and taking back that access, and the records I look after myself.
 */
import { Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { PortalPage } from '../frame/portal-page';
import { useMyRecords } from '../frame/use-my-records';
import { HeldRecords } from './held-records';
import { proxiesMessages } from './messages';
import { ProxyGrantForm } from './proxy-grant-form';
import { ProxyGrantsList } from './proxy-grants-list';

function ProxiesContent() {
  const t = useT(proxiesMessages);
  const records = useMyRecords();
  const [announcement, setAnnouncement] = useState('');
  return (
    <QueryState query={records}>
      {(data) => {
        const practices = data.own.filter((a) => a.status === 'active' && a.patientId);
        return (
          <Stack gap="xl">
            <Stack gap="sm" component="section">
              <Title order={2}>{t('myProxies')}</Title>
              <Text>{t('myProxiesIntro')}</Text>
              <Text role="status" fw={600}>
                {announcement}
              </Text>
              {practices.length === 0 && <Text>{t('noOwnRecord')}</Text>}
              {practices.map((practice) => (
                <Stack gap="xs" key={practice.tenantId}>
                  {practices.length > 1 && (
                    <Title order={3} size="h4">
                      {t('atPractice', { practice: practice.practiceName })}
                    </Title>
                  )}
                  <ProxyGrantsList tenantId={practice.tenantId} onChange={setAnnouncement} />
                </Stack>
              ))}
              {practices.length > 0 && (
                <ProxyGrantForm practices={practices} onGranted={setAnnouncement} />
              )}
            </Stack>
            <Stack gap="sm" component="section">
              <Title order={2}>{t('heldTitle')}</Title>
              <Text>{t('heldIntro')}</Text>
              <HeldRecords records={data} />
            </Stack>
          </Stack>
        );
      }}
    </QueryState>
  );
}

export function ProxiesPage() {
  const t = useT(proxiesMessages);
  return (
    <PortalPage title={t('title')} needsRecord={false}>
      <ProxiesContent />
    </PortalPage>
  );
}
