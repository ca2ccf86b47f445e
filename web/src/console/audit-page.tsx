/**
 * /console/audit: the privacy officer's audit report. Filters, sort order and paging are this
 * page's state (never its address); each page and the CSV download come from the audit API,
 * which records the download too.
 */
import { Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api/client';
import { FormError } from '../components/form-error';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { downloadCsv } from './audit-download';
import { AuditFilterForm } from './audit-filters';
import { auditMessages } from './audit-messages';
import {
  auditQuery,
  NO_FILTERS,
  type AuditFilters,
  type AuditPage as Page,
  type AuditSort,
  type AuditSortField,
} from './audit-query';
import { AuditTable } from './audit-table';
import { consoleKey, practicePath } from './console-api';
import { ConsoleLayout } from './console-layout';
import { useConsolePractice } from './practice-context';

export function AuditPage() {
  const t = useT(auditMessages);
  const { tenantId } = useConsolePractice();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const [sort, setSort] = useState<AuditSort>({ by: 'at', dir: 'desc' });
  const [limit, setLimit] = useState(25);
  // Bumped when the table sets a filter, so the form shows the filters in force.
  const [formKey, setFormKey] = useState(0);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const base = `${practicePath(tenantId)}/audit`;
  const page = useQuery({
    queryKey: consoleKey(tenantId, 'audit', filters, sort, limit, cursor),
    queryFn: () =>
      apiGet<Page>(`${base}?${auditQuery(filters, sort, limit, cursor ? { cursor } : {})}`),
    placeholderData: keepPreviousData,
  });
  const download = useMutation({
    mutationFn: () =>
      downloadCsv(`${base}?${auditQuery(filters, sort, 1000, { format: 'csv' })}`, 'audit-log.csv'),
  });

  const restart = () => setCursors([]);
  const onSort = (field: AuditSortField) => {
    setSort((current) =>
      current.by === field
        ? { by: field, dir: current.dir === 'asc' ? 'desc' : 'asc' }
        : { by: field, dir: field === 'at' ? 'desc' : 'asc' },
    );
    restart();
  };

  const onFilter = (field: 'userId' | 'patientId', id: string) => {
    setFilters((current) => ({ ...current, [field]: id }));
    setFormKey((n) => n + 1);
    restart();
  };

  return (
    <ConsoleLayout title={t('title')}>
      <Stack gap="lg">
        <Text>{t('intro')}</Text>
        <AuditFilterForm
          key={formKey}
          initial={filters}
          onApply={(next) => {
            setFilters(next);
            restart();
          }}
        />
        <Stack gap="xs">
          <Group align="flex-end">
            <Button
              variant="default"
              loading={download.isPending}
              onClick={() => download.mutate()}
            >
              {t('download')}
            </Button>
            <Select
              label={t('pageSize')}
              data={['25', '50', '100', '250'].map((n) => ({ value: n, label: n }))}
              value={String(limit)}
              onChange={(value) => {
                setLimit(Number(value ?? 25));
                restart();
              }}
              allowDeselect={false}
              w={140}
            />
          </Group>
          <Text size="sm">{t('downloadHint')}</Text>
          {download.isSuccess && (
            <Text size="sm" role="status">
              {t('downloaded')}
            </Text>
          )}
          <FormError error={download.error} />
        </Stack>
        <Stack gap="sm" component="section" aria-labelledby="audit-entries-title">
          <Title order={2} id="audit-entries-title">
            {t('entries')}
          </Title>
          <QueryState query={page}>
            {(data) => (
              <>
                <Text role="status">
                  {data.rows.length === 0
                    ? t('none')
                    : t('shown', { page: cursors.length + 1, count: data.rows.length })}
                </Text>
                {data.rows.length > 0 && (
                  <>
                    <Text size="sm">{t('idsHint')}</Text>
                    <AuditTable rows={data.rows} sort={sort} onSort={onSort} onFilter={onFilter} />
                  </>
                )}
                <Group>
                  <Button
                    variant="default"
                    disabled={cursors.length === 0}
                    onClick={() => setCursors((list) => list.slice(0, -1))}
                  >
                    {t('previous')}
                  </Button>
                  <Button
                    variant="default"
                    disabled={!data.nextCursor}
                    onClick={() =>
                      data.nextCursor && setCursors((list) => [...list, data.nextCursor as string])
                    }
                  >
                    {t('next')}
                  </Button>
                </Group>
              </>
            )}
          </QueryState>
        </Stack>
      </Stack>
    </ConsoleLayout>
  );
}
