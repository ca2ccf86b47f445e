/**
 * "New since your last visit": the record's entries changed after the person's previous
 * successful sign-in (GET /api/me/sign-ins, the one before this session's).
 */
import { List, Stack, Text, Title } from '@mantine/core';
import type { Resource } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import { formatDate, formatDateTime } from '../../components/dates';
import { QueryState } from '../../components/query-state';
import { useLocale, useT } from '../../i18n/i18n';
import { resourceTitle } from '../../records/resource-title';
import { homeMessages, type HomeMessageKey } from './messages';

interface SignIn {
  at: string;
  outcome: string;
}

const SHOWN = 10;

export function NewSinceLastVisit({ resources }: { resources: Resource[] }) {
  const t = useT(homeMessages);
  const locale = useLocale();
  const signIns = useQuery({
    queryKey: ['portal', 'sign-ins'],
    queryFn: () => apiGet<SignIn[]>('/api/me/sign-ins'),
    staleTime: Infinity,
  });
  const typeWord = (type: string) => {
    const key = `type_${type}`;
    return key in homeMessages.en ? t(key as HomeMessageKey) : t('type_other');
  };

  return (
    <Stack gap="xs" component="section">
      <Title order={2} size="h3">
        {t('newSince')}
      </Title>
      <QueryState query={signIns}>
        {(list) => {
          const successes = list
            .filter((s) => s.outcome === 'success')
            .sort((a, b) => b.at.localeCompare(a.at));
          const previous = successes[1]?.at;
          if (!previous) return <Text>{t('firstVisit')}</Text>;
          const since = new Date(previous).getTime();
          const fresh = resources
            .filter((r) => r.meta?.lastUpdated && new Date(r.meta.lastUpdated).getTime() > since)
            .sort((a, b) => (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? ''));
          return (
            <>
              <Text>{t('lastVisit', { date: formatDateTime(previous, locale) })}</Text>
              {fresh.length === 0 ? (
                <Text>{t('nothingNew')}</Text>
              ) : (
                <>
                  <Text>{t('newCount', { count: fresh.length })}</Text>
                  <List>
                    {fresh.slice(0, SHOWN).map((r, i) => (
                      <List.Item key={r.id ?? i}>
                        <Text span fw={600}>
                          {typeWord(r.resourceType)}:
                        </Text>{' '}
                        {resourceTitle(r)} (
                        {t('updated', { date: formatDate(r.meta?.lastUpdated, locale) })})
                      </List.Item>
                    ))}
                  </List>
                  {fresh.length > SHOWN && (
                    <Text>{t('more', { count: fresh.length - SHOWN })}</Text>
                  )}
                </>
              )}
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
