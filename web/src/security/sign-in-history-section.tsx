/** Sign-in history: recent attempts on the account, each result in words. */
import { Table, Text } from '@mantine/core';
import { formatDateTime } from '../components/dates';
import { QueryState } from '../components/query-state';
import { useLocale, useT } from '../i18n/i18n';
import { securityMessages } from './messages';
import { ScrollTable } from './scroll-table';
import { Section } from './section';
import { useSignIns } from './security-api';

const OUTCOMES = [
  'success',
  'bad_credentials',
  'locked',
  'mfa_failed',
  'mfa_passed',
  'rate_limited',
] as const;
type Outcome = (typeof OUTCOMES)[number];

export function SignInHistorySection() {
  const t = useT(securityMessages);
  const locale = useLocale();
  const signIns = useSignIns();
  const outcome = (value: string) =>
    (OUTCOMES as readonly string[]).includes(value) ? t(`outcome_${value as Outcome}`) : value;

  return (
    <Section title={t('historyTitle')}>
      <Text>{t('historyIntro')}</Text>
      <QueryState query={signIns}>
        {(rows) =>
          rows.length === 0 ? (
            <Text c="dimmed">{t('noHistory')}</Text>
          ) : (
            <ScrollTable label={t('historyTitle')} minWidth={600}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('when')}</Table.Th>
                  <Table.Th scope="col">{t('outcome')}</Table.Th>
                  <Table.Th scope="col">{t('browser')}</Table.Th>
                  <Table.Th scope="col">{t('address')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  <Table.Tr key={`${row.at}-${index}`}>
                    <Table.Td>{formatDateTime(row.at, locale)}</Table.Td>
                    <Table.Td>{outcome(row.outcome)}</Table.Td>
                    <Table.Td>{row.browser ?? t('unknownBrowser')}</Table.Td>
                    <Table.Td>{row.ip ?? t('unknown')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </ScrollTable>
          )
        }
      </QueryState>
    </Section>
  );
}
