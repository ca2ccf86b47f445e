/**
 * The banner that stays at the top of a chart opened by breaking the glass: when the access
 * ends, and that every view is logged and reviewed. When the end time passes it refreshes the
 * chart, which the gate then closes again.
 */
import { Alert } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocale, useT } from '../i18n/i18n';
import { chartMessages } from './chart-messages';
import type { BreakGlassStatus } from './console-api';
import { useConsolePractice } from './practice-context';
import { chartKey } from './use-chart';

export function BreakGlassBanner({
  patientId,
  grant,
}: {
  patientId: string;
  grant: BreakGlassStatus;
}) {
  const t = useT(chartMessages);
  const locale = useLocale();
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const expiry = grant.expiresAt ? new Date(grant.expiresAt).getTime() : undefined;

  useEffect(() => {
    if (expiry === undefined) return;
    const wait = Math.max(0, expiry - Date.now()) + 1_000;
    const timer = setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: chartKey(tenantId, patientId) });
    }, wait);
    return () => clearTimeout(timer);
  }, [expiry, patientId, queryClient, tenantId]);

  const time =
    expiry === undefined
      ? ''
      : new Date(expiry).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  return (
    <Alert color="red.9" variant="filled" radius={0} mb="md">
      {t('banner', { time })}
    </Alert>
  );
}
