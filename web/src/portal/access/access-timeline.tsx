/**
 * The access history of the open record (GET /api/me/record/accesses), newest first, a page
 * at a time: "Show older entries" follows the server's cursor.
 */
import { Button, List, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { recordKey, useOpenRecord } from '../frame/open-record';
import { AccessEntry, type Access } from './access-entry';
import { accessMessages } from './messages';

interface AccessPage {
  accesses: Access[];
  nextCursor?: string;
}

export function AccessTimeline() {
  const t = useT(accessMessages);
  const record = useOpenRecord();
  const query = useInfiniteQuery({
    queryKey: recordKey(record, 'accesses'),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      apiGet<AccessPage>(
        `/api/me/record/accesses${pageParam ? `?cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });

  return (
    <Stack gap="sm" component="section">
      <Title order={2}>{t('timeline')}</Title>
      <QueryState query={query}>
        {(data) => {
          const accesses = data.pages.flatMap((page) => page.accesses);
          if (accesses.length === 0) return <Text>{t('none')}</Text>;
          return (
            <>
              <List listStyleType="none" spacing="sm" p={0} m={0}>
                {accesses.map((access, index) => (
                  <AccessEntry key={`${access.at}-${index}`} access={access} />
                ))}
              </List>
              {query.hasNextPage && (
                <Button
                  variant="default"
                  onClick={() => void query.fetchNextPage()}
                  loading={query.isFetchingNextPage}
                >
                  {t('older')}
                </Button>
              )}
              {query.isFetchingNextPage && (
                <Text role="status" size="sm">
                  {t('loadingOlder')}
                </Text>
              )}
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
