/**
 * Appointments (/portal/appointments, DATA-11): the open record's visits to come and past ones,
 * read through the gate like every record (a proxy sees them only with the appointments scope).
 */
import { Stack, Text, Title } from '@mantine/core';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { PortalPage } from '../frame/portal-page';
import { useRecordResources } from '../frame/use-record-resources';
import { AppointmentCard } from './appointment-card';
import { appointmentLists, type AppointmentEntry } from './appointment-entries';
import { appointmentsMessages } from './messages';

function Section({
  title,
  none,
  entries,
}: {
  title: string;
  none: string;
  entries: AppointmentEntry[];
}) {
  return (
    <Stack gap="sm" component="section">
      <Title order={2} size="h3">
        {title}
      </Title>
      {entries.length === 0 && <Text>{none}</Text>}
      {entries.map((entry) => (
        <AppointmentCard key={entry.id} entry={entry} />
      ))}
    </Stack>
  );
}

function AppointmentsContent() {
  const t = useT(appointmentsMessages);
  const resources = useRecordResources(['Appointment']);
  return (
    <QueryState query={resources}>
      {(list) => {
        const { upcoming, past } = appointmentLists(list, new Date());
        return (
          <Stack gap="lg">
            <Text>
              {t('intro')} {t('howToChange')}
            </Text>
            <Section title={t('upcoming')} none={t('noneUpcoming')} entries={upcoming} />
            <Section title={t('past')} none={t('nonePast')} entries={past} />
          </Stack>
        );
      }}
    </QueryState>
  );
}

export function AppointmentsPage() {
  const t = useT(appointmentsMessages);
  return (
    <PortalPage title={t('title')}>
      <AppointmentsContent />
    </PortalPage>
  );
}
