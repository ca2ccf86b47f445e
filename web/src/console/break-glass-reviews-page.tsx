/**
 * /console/break-glass-reviews: the privacy officer's queue of emergency accesses, waiting ones
 * first; each can be marked justified or not with a note. Reading the queue is audited by the
 * server, as it shows the explanations clinicians gave.
 */
import { Group, Radio, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api/client';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { BreakGlassReviewCard } from './break-glass-review-card';
import {
  consoleKey,
  practicePath,
  REVIEW_STATES,
  type ReviewItem,
  type ReviewState,
} from './console-api';
import { ConsoleLayout } from './console-layout';
import { useConsolePractice } from './practice-context';
import { reviewMessages, type ReviewMessageKey } from './review-messages';

export function BreakGlassReviewsPage() {
  const t = useT(reviewMessages);
  const { tenantId } = useConsolePractice();
  const [state, setState] = useState<ReviewState>('pending');
  const queue = useQuery({
    queryKey: consoleKey(tenantId, 'break-glass-reviews', state),
    queryFn: async () =>
      (
        await apiGet<{ grants: ReviewItem[] }>(
          `${practicePath(tenantId)}/break-glass/reviews?state=${state}`,
        )
      ).grants,
  });

  return (
    <ConsoleLayout title={t('title')}>
      <Stack gap="md">
        <Text>{t('intro')}</Text>
        <Radio.Group label={t('show')} value={state} onChange={(value) => setState(value)}>
          <Group gap="lg" mt="xs">
            {REVIEW_STATES.map((s) => (
              <Radio key={s} value={s} label={t(`state_${s}` as ReviewMessageKey)} />
            ))}
          </Group>
        </Radio.Group>
        <QueryState query={queue}>
          {(grants) => (
            <Stack gap="md">
              <Text role="status">
                {grants.length === 0
                  ? t('none')
                  : grants.length === 1
                    ? t('countOne')
                    : t('count', { count: grants.length })}
              </Text>
              {grants.map((grant) => (
                <BreakGlassReviewCard key={grant.id} grant={grant} />
              ))}
            </Stack>
          )}
        </QueryState>
      </Stack>
    </ConsoleLayout>
  );
}
