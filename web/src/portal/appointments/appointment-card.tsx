/** One appointment: when, its status, the kind of visit, with whom, where, why, what to bring. */
import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { formatDateTimeWithZone } from '../../components/dates';
import { useLocale, useT } from '../../i18n/i18n';
import type { AppointmentEntry } from './appointment-entries';
import { appointmentsMessages, type AppointmentsMessageKey } from './messages';

const STATUS_COLOR: Partial<Record<AppointmentEntry['status'], string>> = {
  booked: 'teal.9',
  fulfilled: 'gray.8',
  cancelled: 'red.9',
  noshow: 'orange.9',
};

export function AppointmentCard({ entry }: { entry: AppointmentEntry }) {
  const t = useT(appointmentsMessages);
  const locale = useLocale();
  const statusKey = `status_${entry.status}`;
  const status =
    statusKey in appointmentsMessages.en ? t(statusKey as AppointmentsMessageKey) : entry.status;
  const cancelled = entry.status === 'cancelled';
  return (
    <Paper withBorder p="md" component="article">
      <Stack gap="xs">
        <Group gap="xs">
          <Badge color={STATUS_COLOR[entry.status] ?? 'blue.9'} variant="filled">
            {status}
          </Badge>
        </Group>
        <Title order={3} size="h4" td={cancelled ? 'line-through' : undefined}>
          {formatDateTimeWithZone(entry.start, locale)}
        </Title>
        <Text fw={600}>{entry.kind || t('visit')}</Text>
        {entry.with.length > 0 && (
          <Text size="sm">{t('with', { names: entry.with.join(', ') })}</Text>
        )}
        {entry.where.length > 0 && (
          <Text size="sm">{t('where', { places: entry.where.join(', ') })}</Text>
        )}
        {entry.reason && <Text size="sm">{t('reason', { reason: entry.reason })}</Text>}
        {entry.cancelReason && (
          <Text size="sm">{t('cancelReason', { reason: entry.cancelReason })}</Text>
        )}
        {entry.instruction && !cancelled && (
          <Text size="sm">
            <Text span fw={600}>
              {t('instruction')}:
            </Text>{' '}
            {entry.instruction}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
