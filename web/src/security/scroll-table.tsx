/**
 * A wide table that scrolls sideways on a phone. The scrolling box takes keyboard focus (so
 * arrow keys can scroll it) and is named, as WCAG asks of scrollable regions.
 */
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export function ScrollTable({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      tabIndex={0}
      role="group"
      aria-label={label}
    >
      <Table striped>{children}</Table>
    </Table.ScrollContainer>
  );
}
