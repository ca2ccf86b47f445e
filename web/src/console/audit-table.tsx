/**
 * The audit entries as a table whose column headers sort it (the server sorts, so the order
 * holds across pages). Each sortable header is a button, and the header says which way the
 * column is sorted; break-glass entries are marked in words, not only by colour.
 */
import { Badge, Table, Text, UnstyledButton } from '@mantine/core';
import { formatDateTime } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import { auditMessages, type AuditMessageKey } from './audit-messages';
import type { AuditRow, AuditSort, AuditSortField } from './audit-query';

const COLUMNS: { field: AuditSortField; label: AuditMessageKey }[] = [
  { field: 'at', label: 'colAt' },
  { field: 'actorUserId', label: 'colActor' },
  { field: 'action', label: 'colAction' },
  { field: 'dataCategory', label: 'colData' },
  { field: 'outcome', label: 'colOutcome' },
  { field: 'reasonCode', label: 'colReason' },
  { field: 'purposeOfUse', label: 'colPurpose' },
  { field: 'patientId', label: 'colPatient' },
  { field: 'breakGlass', label: 'colBreakGlass' },
  { field: 'sourceAddress', label: 'colAddress' },
];

export function AuditTable({
  rows,
  sort,
  onSort,
  onFilter,
}: {
  rows: AuditRow[];
  sort: AuditSort;
  onSort: (field: AuditSortField) => void;
  /** Narrows the report to one person or one patient (their id clicked in the table). */
  onFilter: (field: 'userId' | 'patientId', id: string) => void;
}) {
  const t = useT(auditMessages);
  const locale = useLocale();
  const word = (prefix: string, value: string) => {
    const key = `${prefix}_${value}`;
    return key in auditMessages.en ? t(key as AuditMessageKey) : value;
  };
  const id = (field: 'userId' | 'patientId', value: string | null) =>
    value && (
      <UnstyledButton
        ff="monospace"
        fz="sm"
        td="underline"
        aria-label={t(field === 'userId' ? 'filterPerson' : 'filterPatient', { id: value })}
        onClick={() => onFilter(field, value)}
      >
        {value.slice(0, 8)}…
      </UnstyledButton>
    );

  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map(({ field, label }) => {
              const active = sort.by === field;
              const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none';
              return (
                <Table.Th scope="col" key={field} aria-sort={ariaSort}>
                  <UnstyledButton onClick={() => onSort(field)} fw={700} fz="sm">
                    {t(label)}
                    <Text span aria-hidden ml={4}>
                      {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
                    </Text>
                  </UnstyledButton>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={`${row.at}-${row.requestId ?? ''}-${index}`}>
              <Table.Td miw={170}>{formatDateTime(row.at, locale)}</Table.Td>
              <Table.Td>{row.actorUserId ? id('userId', row.actorUserId) : t('system')}</Table.Td>
              <Table.Td>{word('action', row.action)}</Table.Td>
              <Table.Td>{row.resourceType ?? row.dataCategory ?? ''}</Table.Td>
              <Table.Td>{word('outcome', row.outcome)}</Table.Td>
              <Table.Td>{row.reasonCode ?? ''}</Table.Td>
              <Table.Td>{row.purposeOfUse ?? ''}</Table.Td>
              <Table.Td>{id('patientId', row.patientId)}</Table.Td>
              <Table.Td>
                {row.breakGlass ? (
                  <Badge color="red.9" variant="filled">
                    {t('yes')}
                  </Badge>
                ) : (
                  t('no')
                )}
              </Table.Td>
              <Table.Td>{row.sourceAddress ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
