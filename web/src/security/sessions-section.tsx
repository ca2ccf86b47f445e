/**
 * Sessions and devices: every live session of the account, this browser's marked in words,
 * and a way to end any other one (ending this one is the header's "Sign out").
 */
import { Badge, Button, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiDelete } from '../api/client';
import { formatDateTime } from '../components/dates';
import { FormError } from '../components/form-error';
import { QueryState } from '../components/query-state';
import { useLocale, useT } from '../i18n/i18n';
import { securityMessages } from './messages';
import { ScrollTable } from './scroll-table';
import { Section } from './section';
import { SESSIONS_KEY, SIGN_INS_KEY, useSessions } from './security-api';

export function SessionsSection() {
  const t = useT(securityMessages);
  const locale = useLocale();
  const queryClient = useQueryClient();
  const sessions = useSessions();
  const end = useMutation({
    mutationFn: (sessionId: string) => apiDelete(`/api/me/sessions/${sessionId}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
      await queryClient.invalidateQueries({ queryKey: SIGN_INS_KEY });
    },
  });

  return (
    <Section title={t('sessionsTitle')}>
      <Text>{t('sessionsIntro')}</Text>
      <QueryState query={sessions}>
        {(rows) => (
          <ScrollTable label={t('sessionsTitle')} minWidth={680}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('browser')}</Table.Th>
                <Table.Th scope="col">{t('address')}</Table.Th>
                <Table.Th scope="col">{t('firstSeen')}</Table.Th>
                <Table.Th scope="col">{t('lastSeen')}</Table.Th>
                <Table.Th scope="col">{t('action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => {
                const browser = row.browser ?? t('unknownBrowser');
                return (
                  <Table.Tr key={row.id}>
                    <Table.Td>
                      {browser}{' '}
                      {row.current && (
                        <Badge variant="outline" ml="xs">
                          {t('thisDevice')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{row.ip ?? t('unknown')}</Table.Td>
                    <Table.Td>{formatDateTime(row.firstSeen, locale)}</Table.Td>
                    <Table.Td>{formatDateTime(row.lastSeen, locale)}</Table.Td>
                    <Table.Td>
                      {!row.current && (
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('endSessionNamed', { browser })}
                          loading={end.isPending && end.variables === row.id}
                          onClick={() => end.mutate(row.id)}
                        >
                          {t('endSession')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </ScrollTable>
        )}
      </QueryState>
      {end.isSuccess && <Text role="status">{t('sessionEnded')}</Text>}
      <FormError error={end.error} />
    </Section>
  );
}
