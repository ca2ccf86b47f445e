/**
 * "Your next visit" on the portal home: the soonest appointment to come that is not cancelled,
 * with what to do before it, and the way to the appointments and questionnaires pages.
 */
import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { Link } from 'react-router';
import { formatDateTimeWithZone } from '../../components/dates';
import { QueryState } from '../../components/query-state';
import { useLocale, useT } from '../../i18n/i18n';
import { appointmentLists } from '../appointments/appointment-entries';
import { useRecordResources } from '../frame/use-record-resources';
import { homeMessages } from './messages';

export function NextVisit() {
  const t = useT(homeMessages);
  const locale = useLocale();
  const appointments = useRecordResources(['Appointment']);
  const headingId = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId}>
        {t('nextVisit')}
      </Title>
      <QueryState query={appointments}>
        {(list) => {
          const next = appointmentLists(list, new Date()).upcoming.find(
            (entry) => entry.status !== 'cancelled' && entry.status !== 'entered-in-error',
          );
          if (!next) return <Text>{t('noNextVisit')}</Text>;
          return (
            <>
              <Text fw={600}>
                {formatDateTimeWithZone(next.start, locale)}
                {next.kind ? ` · ${next.kind}` : ''}
              </Text>
              {next.with.length > 0 && (
                <Text>{t('nextWith', { names: next.with.join(', ') })}</Text>
              )}
              {next.instruction && <Text>{next.instruction}</Text>}
            </>
          );
        }}
      </QueryState>
      <Group gap="lg">
        <Anchor component={Link} to="/portal/appointments">
          {t('allAppointments')}
        </Anchor>
        <Anchor component={Link} to="/portal/forms">
          {t('fillQuestionnaire')}
        </Anchor>
      </Group>
    </Stack>
  );
}
