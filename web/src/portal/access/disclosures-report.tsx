/**
 * The accounting of disclosures of the open record (GET /api/me/record/disclosures), for a
 * period the reader picks (up to six years back; the server checks and explains limits next
 * to the form). A proxy with a limited view is told plainly that the list is not shared.
 */
import { Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, apiGet } from '../../api/client';
import { formatDate } from '../../components/dates';
import { FormError } from '../../components/form-error';
import { QueryState } from '../../components/query-state';
import { useLocale, useT } from '../../i18n/i18n';
import { ScrollTable } from '../../records/scroll-table';
import { issueAt, summaryWithout } from '../frame/field-errors';
import { recordKey, useOpenRecord } from '../frame/open-record';
import { accessMessages } from './messages';

interface Report {
  from: string;
  to: string;
  disclosures: {
    date: string;
    recipient: string;
    whatWasDisclosed: string;
    purpose: string;
    legalBasis: string | null;
  }[];
}

/** Whole days as the query's date-times: from the start of `from` to the end of `to`. */
function periodQuery(period: { from: string; to: string }): string {
  const params = new URLSearchParams();
  if (period.from) params.set('from', new Date(`${period.from}T00:00:00`).toISOString());
  if (period.to) params.set('to', new Date(`${period.to}T23:59:59.999`).toISOString());
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function DisclosuresReport() {
  const t = useT(accessMessages);
  const locale = useLocale();
  const record = useOpenRecord();
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [period, setPeriod] = useState({ from: '', to: '' });
  const query = useQuery({
    queryKey: recordKey(record, 'disclosures', period.from, period.to),
    queryFn: () => apiGet<Report>(`/api/me/record/disclosures${periodQuery(period)}`),
    retry: false,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPeriod(draft);
  };
  const forbidden = query.error instanceof ApiError && query.error.status === 403;
  const invalid = query.error instanceof ApiError && query.error.status === 400;

  return (
    <Stack gap="sm" component="section">
      <Title order={2}>{t('disclosures')}</Title>
      <Text>{t('disclosuresIntro')}</Text>
      {forbidden ? (
        <Text fw={600}>{t('notForProxies')}</Text>
      ) : (
        <>
          <form onSubmit={submit}>
            <Group align="flex-end" gap="sm">
              <TextInput
                type="date"
                label={t('from')}
                error={invalid && issueAt(query.error, '/from') ? t('checkDate') : undefined}
                value={draft.from}
                onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
              />
              <TextInput
                type="date"
                label={t('to')}
                error={invalid && issueAt(query.error, '/to') ? t('checkDate') : undefined}
                value={draft.to}
                onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
              />
              <Button type="submit">{t('showPeriod')}</Button>
            </Group>
            {invalid && <FormError error={summaryWithout(query.error, '/from', '/to')} />}
          </form>
          {!invalid && (
            <QueryState query={query}>
              {(report) => (
                <Stack gap="xs">
                  <Text size="sm" role="status">
                    {t('period', {
                      from: formatDate(report.from, locale),
                      to: formatDate(report.to, locale),
                    })}
                  </Text>
                  {report.disclosures.length === 0 ? (
                    <Text>{t('noDisclosures')}</Text>
                  ) : (
                    <ScrollTable minWidth={640} label={t('disclosures')}>
                      <Table striped withTableBorder>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th scope="col">{t('colDate')}</Table.Th>
                            <Table.Th scope="col">{t('colRecipient')}</Table.Th>
                            <Table.Th scope="col">{t('colWhat')}</Table.Th>
                            <Table.Th scope="col">{t('colPurpose')}</Table.Th>
                            <Table.Th scope="col">{t('colLegal')}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {report.disclosures.map((d, index) => (
                            <Table.Tr key={index}>
                              <Table.Td>{formatDate(d.date, locale)}</Table.Td>
                              <Table.Td>{d.recipient}</Table.Td>
                              <Table.Td>{d.whatWasDisclosed}</Table.Td>
                              <Table.Td>{d.purpose}</Table.Td>
                              <Table.Td>{d.legalBasis ?? ''}</Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    </ScrollTable>
                  )}
                </Stack>
              )}
            </QueryState>
          )}
        </>
      )}
    </Stack>
  );
}
