/**
 * A page's heading, which also names the browser tab and takes focus when the page changes,
 * so a screen reader announces where the user has arrived.
 */
import { Title } from '@mantine/core';
import { useEffect, useRef } from 'react';

export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Haven`;
    ref.current?.focus();
  }, [children]);
  return (
    <Title order={1} ref={ref} tabIndex={-1} mb="md" className="page-title">
      {children}
    </Title>
  );
}
