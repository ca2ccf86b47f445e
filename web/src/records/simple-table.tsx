/**
 * A small titled table for one part of a record (problems, medications...) or of the practice's
 * day (its appointments): an h2, header cells, the first column as row headers, and a plain
 * sentence when there is nothing to list.
 */
import { Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ScrollTable } from './scroll-table';

export interface SimpleRow {
  key: string;
  cells: ReactNode[];
}

export function SimpleTable({
  title,
  headers,
  rows,
  empty,
  headingOrder = 2,
}: {
  title: string;
  headers: string[];
  rows: SimpleRow[];
  empty: string;
  headingOrder?: 2 | 3 | 4;
}) {
  return (
    <Stack gap="xs" component="section">
      <Title order={headingOrder} size="h3">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="gray.7">{empty}</Text>
      ) : (
        <ScrollTable minWidth={headers.length > 2 ? 480 : 280} label={title}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                {headers.map((header) => (
                  <Table.Th scope="col" key={header}>
                    {header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.key}>
                  {row.cells.map((cell, index) =>
                    index === 0 ? (
                      <Table.Th scope="row" fw={500} key={index}>
                        {cell}
                      </Table.Th>
                    ) : (
                      <Table.Td key={index}>{cell}</Table.Td>
                    ),
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
