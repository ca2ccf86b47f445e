/**
 * A wide table that scrolls sideways on a phone instead of squeezing. The scrolling box is
 * a named, focusable region so keyboard users can scroll it too (WCAG 2.1.1).
 */
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export function ScrollTable({
  minWidth,
  label,
  children,
}: {
  minWidth: number;
  label: string;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer
      type="native"
      minWidth={minWidth}
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {children}
    </Table.ScrollContainer>
  );
}
