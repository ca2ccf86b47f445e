/**
 * One emergency access in the review queue: who opened which record, when and for how long,
 * the coded reason and the explanation they gave; while it waits, the privacy officer marks it
 * justified or not, with an optional note kept if saving fails.
 */
import { Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiPost } from '../api/client';
import { formatDateTime } from '../components/dates';
import { FormError } from '../components/form-error';
import { useLocale, useT } from '../i18n/i18n';
import { chartMessages, type ChartMessageKey } from './chart-messages';
import { consoleKey, practicePath, type ReviewItem } from './console-api';
import { useConsolePractice } from './practice-context';
import { reviewMessages, type ReviewMessageKey } from './review-messages';

function Fact({ label, children }: { label: string; children: string }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

export function BreakGlassReviewCard({ grant }: { grant: ReviewItem }) {
  const t = useT(reviewMessages);
  const tc = useT(chartMessages);
  const locale = useLocale();
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'justified' | 'not_justified') =>
      apiPost(`${practicePath(tenantId)}/break-glass/reviews/${grant.id}`, {
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: consoleKey(tenantId, 'break-glass-reviews') }),
  });
  const when = (value: string | null) => formatDateTime(value, locale);

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="sm">
        {t('who', { name: grant.userName, date: when(grant.grantedAt) })}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Fact label={t('reasonCode')}>{tc(`glass_${grant.reasonCode}` as ChartMessageKey)}</Fact>
        <Fact label={t('patient')}>{grant.patientId}</Fact>
        <Fact label={t('granted')}>{when(grant.grantedAt)}</Fact>
        <Fact label={t('expires')}>{when(grant.expiresAt)}</Fact>
        <Fact label={t('state')}>{t(`state_${grant.state}` as ReviewMessageKey)}</Fact>
        {grant.reviewedAt && <Fact label={t('reviewedAt')}>{when(grant.reviewedAt)}</Fact>}
      </SimpleGrid>
      <Stack gap="sm" mt="sm">
        <Fact label={t('reason')}>{grant.reason}</Fact>
        {grant.reviewNote && <Fact label={t('reviewNote')}>{grant.reviewNote}</Fact>}
      </Stack>
      {grant.state === 'pending' && (
        <>
          <Textarea
            label={t('noteLabel')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            maxLength={1000}
            autosize
            minRows={2}
            mt="md"
          />
          <Group mt="sm">
            <Button loading={decide.isPending} onClick={() => decide.mutate('justified')}>
              {t('justified')}
            </Button>
            <Button
              color="red.9"
              variant="outline"
              loading={decide.isPending}
              onClick={() => decide.mutate('not_justified')}
            >
              {t('notJustified')}
            </Button>
          </Group>
          <FormError error={decide.error} />
        </>
      )}
    </Paper>
  );
}
