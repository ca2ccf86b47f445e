/**
 * What a page shows while its data loads or when loading failed: a polite status, or the
 * server's plain-words error with a way to try again.
 */
import { Alert, Button, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { defineMessages, useT } from '../i18n/i18n';

const messages = defineMessages(
  { loading: 'Loading…', failed: 'This could not be loaded', retry: 'Try again' },
  { loading: 'Cargando…', failed: 'No se pudo cargar', retry: 'Intentar de nuevo' },
);

export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const t = useT(messages);
  if (query.isPending) {
    return (
      <Text role="status" c="dimmed">
        <Loader size="xs" mr="xs" aria-hidden />
        {t('loading')}
      </Text>
    );
  }
  if (query.isError) {
    return (
      <Alert color="red" title={t('failed')} role="alert">
        <Text size="sm">{query.error.message}</Text>
        <Button mt="sm" size="xs" variant="light" onClick={() => void query.refetch()}>
          {t('retry')}
        </Button>
      </Alert>
    );
  }
  return <>{children(query.data)}</>;
}
