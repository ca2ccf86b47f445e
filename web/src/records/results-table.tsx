/**
 * A table of results (Observations): test, value, unit, reference range, flag in words, date,
 * and a "Corrected" badge when a result was changed after release. Used by the portal and the
 * staff console; wide, so it scrolls sideways on a phone instead of squeezing.
 */
import { Badge, Group, Table, Text } from '@mantine/core';
import type { Observation } from '@medplum/fhirtypes';
import { formatDate } from '../components/dates';
import { useLanguage, useLocale, useT } from '../i18n/i18n';
import {
  abnormalFlag,
  isCorrected,
  observationParts,
  referenceRangeText,
  resourceDate,
} from './fhir-text';
import { recordsMessages } from './messages';
import { ScrollTable } from './scroll-table';
import { testName } from './test-name';

/** Dark shades: white badge text on them keeps 4.5:1 contrast; the words carry the meaning. */
export const FLAG_COLOURS = {
  high: 'red.9',
  low: 'blue.9',
  abnormal: 'grape.9',
  critical: 'red.9',
};

function newestFirst(a: Observation, b: Observation): number {
  return (resourceDate(b) ?? '').localeCompare(resourceDate(a) ?? '');
}

/** `label` names the scrollable table for screen readers; "Results" by default. */
export function ResultsTable({
  observations,
  label,
}: {
  observations: Observation[];
  label?: string;
}) {
  const t = useT(recordsMessages);
  const { language } = useLanguage();
  const locale = useLocale();
  if (observations.length === 0) {
    return <Text c="gray.7">{t('noResults')}</Text>;
  }
  const rows = [...observations].sort(newestFirst);
  return (
    <ScrollTable minWidth={640} label={label ?? t('resultsCaption')}>
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('colTest')}</Table.Th>
            <Table.Th scope="col">{t('colValue')}</Table.Th>
            <Table.Th scope="col">{t('colUnit')}</Table.Th>
            <Table.Th scope="col">{t('colRange')}</Table.Th>
            <Table.Th scope="col">{t('colFlag')}</Table.Th>
            <Table.Th scope="col">{t('colDate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((obs, index) => {
            const { value, unit } = observationParts(obs);
            const { flag, label } = abnormalFlag(obs, language);
            return (
              <Table.Tr key={obs.id ?? index}>
                <Table.Th scope="row" fw={500}>
                  <Group gap="xs" wrap="nowrap">
                    <span>{testName(obs.code, language)}</span>
                    {isCorrected(obs) && (
                      <Badge color="violet.9" variant="outline" size="sm">
                        {t('corrected')}
                      </Badge>
                    )}
                  </Group>
                </Table.Th>
                <Table.Td fw={flag ? 700 : undefined}>{value}</Table.Td>
                <Table.Td>{unit}</Table.Td>
                <Table.Td>{referenceRangeText(obs)}</Table.Td>
                <Table.Td>
                  {flag ? (
                    <Badge color={FLAG_COLOURS[flag]} variant="filled">
                      {label}
                    </Badge>
                  ) : (
                    label
                  )}
                </Table.Td>
                <Table.Td>{formatDate(resourceDate(obs), locale)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
