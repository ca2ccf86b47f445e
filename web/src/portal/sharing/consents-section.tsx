/**
 * The permissions part of the sharing page: every kind Haven offers, each with its state and
 * controls, and a status line announcing each change.
 */
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { ConsentKindCard } from './consent-kind-card';
import { sharingMessages } from './messages';
import { useConsents } from './use-consents';

export function ConsentsSection() {
  const t = useT(sharingMessages);
  const consents = useConsents();
  const [announcement, setAnnouncement] = useState('');
  const forbidden = consents.error instanceof ApiError && consents.error.status === 403;

  return (
    <Stack gap="sm" component="section">
      <Title order={2}>{t('permissions')}</Title>
      <Text>{t('permissionsIntro')}</Text>
      <Text role="status" fw={600}>
        {announcement}
      </Text>
      {forbidden ? (
        <Text>{t('notAllowed')}</Text>
      ) : (
        <QueryState query={consents}>
          {(data) => (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {data.kinds.map((info) => (
                <ConsentKindCard
                  key={info.kind}
                  info={info}
                  consents={data.consents.filter((c) => c.kind === info.kind)}
                  onChange={setAnnouncement}
                />
              ))}
            </SimpleGrid>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
