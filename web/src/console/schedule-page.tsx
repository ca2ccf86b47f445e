/**
 * /console/schedule (DATA-11): the practice's appointments one day at a time, in the reader's
 * time zone: time, patient (linked to the chart), kind of visit, with whom, status. Reasons are
 * left to the chart, where the gate decides who reads them.
 */
import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryState } from '../components/query-state';
import { useLocale, useT } from '../i18n/i18n';
import { SimpleTable } from '../records/simple-table';
import { ConsoleLayout } from './console-layout';
import { useSchedule, type ScheduleEntry } from './schedule-api';
import { isDayName, localToday, shiftDay } from './schedule-days';
import { scheduleMessages, type ScheduleMessageKey } from './schedule-messages';

/** "09:00–09:20 GMT+1": the reader's own clock, its zone named once. */
function timeOf(entry: ScheduleEntry, locale: string): string {
  const time = (value: string, zone: boolean) =>
    new Date(value).toLocaleTimeString(locale, {
      hour: '2-digit',
      minute: '2-digit',
      ...(zone ? { timeZoneName: 'short' as const } : {}),
    });
  return entry.end
    ? `${time(entry.start, false)}–${time(entry.end, true)}`
    : time(entry.start, true);
}

function PatientCell({ entry }: { entry: ScheduleEntry }) {
  const t = useT(scheduleMessages);
  if (entry.patientId === null) return <>{t('noPatient')}</>;
  if (entry.patientName === null) return <>{t('patientHidden')}</>;
  return (
    <Anchor component={Link} to={`/console/patients/${entry.patientId}`}>
      {entry.patientName}
    </Anchor>
  );
}

function DayTable({ day, entries }: { day: string; entries: ScheduleEntry[] }) {
  const t = useT(scheduleMessages);
  const locale = useLocale();
  const date = new Date(`${day}T12:00:00`).toLocaleDateString(locale, { dateStyle: 'full' });
  const status = (value: string) => {
    const key = `status_${value}`;
    return key in scheduleMessages.en ? t(key as ScheduleMessageKey) : value;
  };
  const count = entries.length === 1 ? t('countOne') : t('count', { count: entries.length });
  return (
    <SimpleTable
      title={
        entries.length === 0 ? t('dayHeading', { date }) : `${t('dayHeading', { date })}: ${count}`
      }
      headers={[t('time'), t('patient'), t('visit'), t('with'), t('status')]}
      rows={entries.map((entry) => ({
        key: entry.id,
        cells: [
          timeOf(entry, locale),
          <PatientCell key="patient" entry={entry} />,
          entry.kind,
          entry.with.join(', '),
          status(entry.status),
        ],
      }))}
      empty={t('none')}
    />
  );
}

export function SchedulePage() {
  const t = useT(scheduleMessages);
  const [day, setDay] = useState(localToday);
  // What the field holds while being typed (a year digit by digit is not a day yet): the day
  // shown changes only once it names a real one.
  const [typed, setTyped] = useState(day);
  const go = (next: string) => {
    setDay(next);
    setTyped(next);
  };
  const schedule = useSchedule(day);
  return (
    <ConsoleLayout title={t('title')}>
      <Stack gap="md">
        <Text>{t('intro')}</Text>
        <Group align="end" gap="sm">
          <TextInput
            type="date"
            label={t('day')}
            value={typed}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setTyped(value);
              if (isDayName(value)) setDay(value);
            }}
          />
          <Button variant="default" onClick={() => go(shiftDay(day, -1))}>
            {t('previous')}
          </Button>
          <Button variant="default" onClick={() => go(localToday())}>
            {t('today')}
          </Button>
          <Button variant="default" onClick={() => go(shiftDay(day, 1))}>
            {t('next')}
          </Button>
        </Group>
        <QueryState query={schedule}>
          {(entries) => <DayTable day={day} entries={entries} />}
        </QueryState>
      </Stack>
    </ConsoleLayout>
  );
}
