/**
 * Breaking the glass: a clinician not on the patient's care team gives a coded reason and an
 * explanation, picks how long, and opens time-limited access. The server records and audits
 * the grant and the privacy officer reviews it; the typed explanation stays in the form if
 * opening fails.
 */
import { Button, Paper, Select, Stack, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { chartMessages, type ChartMessageKey } from './chart-messages';
import { BREAK_GLASS_REASONS, patientPath, type BreakGlassReason } from './console-api';
import { useConsolePractice } from './practice-context';
import { chartKey } from './use-chart';

const DURATIONS = [15, 30, 60, 120, 240];
const MIN_EXPLANATION = 10;

export function BreakGlassForm({ patientId }: { patientId: string }) {
  const t = useT(chartMessages);
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const [reasonCode, setReasonCode] = useState<BreakGlassReason>('emergency_care');
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [tooShort, setTooShort] = useState(false);
  const open = useMutation({
    mutationFn: () =>
      apiPost(`${patientPath(tenantId, patientId)}/break-glass`, {
        reasonCode,
        reason: reason.trim(),
        minutes: Number(minutes),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: chartKey(tenantId, patientId) }),
  });
  const serverOnReason =
    open.error instanceof ApiError &&
    open.error.issues.some((issue) => /reason$/.test(issue.location ?? ''));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const short = reason.trim().length < MIN_EXPLANATION;
    setTooShort(short);
    if (!short) open.mutate();
  };
  const duration = (n: number) =>
    n < 60 ? t('glassMinutes', { n }) : n === 60 ? t('glassHour') : t('glassHours', { n: n / 60 });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="break-glass-title">
      <Title order={2} size="h3" id="break-glass-title" mb="sm">
        {t('glassTitle')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={560}>
          <Select
            label={t('glassReason')}
            data={BREAK_GLASS_REASONS.map((code) => ({
              value: code,
              label: t(`glass_${code}` as ChartMessageKey),
            }))}
            value={reasonCode}
            onChange={(value) => value && setReasonCode(value)}
            allowDeselect={false}
            required
          />
          <Textarea
            label={t('glassExplain')}
            description={t('glassExplainHint')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={tooShort || serverOnReason ? t('glassTooShort') : undefined}
            minRows={3}
            autosize
            maxLength={1000}
            required
          />
          <Select
            label={t('glassDuration')}
            data={DURATIONS.map((n) => ({ value: String(n), label: duration(n) }))}
            value={minutes}
            onChange={(value) => value && setMinutes(value)}
            allowDeselect={false}
          />
          <Button type="submit" color="red.9" loading={open.isPending}>
            {t('glassSubmit')}
          </Button>
          <FormError error={serverOnReason ? undefined : open.error} />
        </Stack>
      </form>
    </Paper>
  );
}
