/** Who the chart is about: name, date of birth, sex and MRN, from the Patient record. */
import { Group, Paper, Text, Title } from '@mantine/core';
import type { Patient } from '@medplum/fhirtypes';
import type { ReactNode } from 'react';
import { formatDate } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import { chartMessages } from './chart-messages';
import { consoleMessages } from './messages';
import { genderWord } from './patient-search-results';

export function patientName(patient: Patient): string {
  const names = patient.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return '';
  return name.text ?? [...(name.given ?? []), name.family ?? ''].join(' ').trim();
}

export function patientMrn(patient: Patient): string | undefined {
  const ids = patient.identifier ?? [];
  const own = ids.find((i) => i.system === 'urn:haven:mrn');
  return (own ?? ids.find((i) => i.type?.coding?.some((c) => c.code === 'MR')))?.value;
}

export function PatientHeader({ patient, actions }: { patient: Patient; actions?: ReactNode }) {
  const t = useT(chartMessages);
  const tc = useT(consoleMessages);
  const locale = useLocale();
  const mrn = patientMrn(patient);
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="patient-name">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} id="patient-name">
            {patientName(patient) || t('patientDetails')}
          </Title>
          <Group gap="lg" mt={4}>
            {patient.birthDate && (
              <Text size="sm">
                {t('birthDate')}: {formatDate(patient.birthDate, locale)}
              </Text>
            )}
            {patient.gender && (
              <Text size="sm">
                {t('gender')}: {genderWord(patient.gender, tc)}
              </Text>
            )}
            {mrn && (
              <Text size="sm">
                {t('mrn')}: {mrn}
              </Text>
            )}
          </Group>
        </div>
        {actions}
      </Group>
    </Paper>
  );
}
