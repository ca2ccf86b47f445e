/**
 * The trend chart's numbers as a table: the same data for people who cannot see the chart or
 * want exact values. One row per date, one column per series (systolic and diastolic).
 */
import { Table } from '@mantine/core';
import { formatDate } from '../components/dates';
import { ScrollTable } from './scroll-table';
import type { TrendData } from './trend-series';

export function TrendTable({
  data,
  labels,
  caption,
  dateLabel,
  locale,
}: {
  data: TrendData;
  labels: string[];
  caption: string;
  dateLabel: string;
  locale: string;
}) {
  const rows = new Map<string, { date: string; values: (number | undefined)[] }>();
  data.series.forEach((series, index) => {
    for (const point of series.points) {
      const key = point.observation.id ?? point.date;
      const row = rows.get(key) ?? { date: point.date, values: [] };
      row.values[index] = point.value;
      rows.set(key, row);
    }
  });
  const ordered = [...rows.values()].sort((a, b) => b.date.localeCompare(a.date));
  return (
    <ScrollTable minWidth={280} label={caption}>
      <Table striped withTableBorder captionSide="top">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{dateLabel}</Table.Th>
            {data.series.map((series, index) => (
              <Table.Th scope="col" key={series.key}>
                {`${labels[index] ?? series.label}${series.unit ? ` (${series.unit})` : ''}`}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ordered.map((row, i) => (
            <Table.Tr key={i}>
              <Table.Th scope="row" fw={400}>
                {formatDate(row.date, locale)}
              </Table.Th>
              {data.series.map((series, index) => (
                <Table.Td key={series.key}>{row.values[index] ?? ''}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
