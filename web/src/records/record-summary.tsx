/**
 * A record at a glance: active problems, medications, allergies, immunizations and the latest
 * result of each test, each under its own h2. The portal home and the staff console's chart
 * overview both show it; it reads only the resources it is given.
 */
import { SimpleGrid, Stack, Title } from '@mantine/core';
import type { Resource } from '@medplum/fhirtypes';
import { formatDate } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import { codeText, resourceDate } from './fhir-text';
import { recordsMessages, type RecordsMessageKey } from './messages';
import { ResultsTable } from './results-table';
import { SimpleTable } from './simple-table';
import {
  activeProblems,
  allergies,
  currentMedications,
  immunizations,
  latestPerCode,
  type Medication,
} from './summary-rows';

function medicationName(m: Medication): string {
  return codeText(m.medicationCodeableConcept) || m.medicationReference?.display || '';
}

function medicationInstructions(m: Medication): string {
  const dosage = m.resourceType === 'MedicationRequest' ? m.dosageInstruction : m.dosage;
  return (dosage ?? [])
    .map((d) => d.text ?? '')
    .filter(Boolean)
    .join('; ');
}

export function RecordSummary({ resources }: { resources: Resource[] }) {
  const t = useT(recordsMessages);
  const locale = useLocale();
  const date = (r: Resource) => formatDate(resourceDate(r), locale);
  const word = (key: string, fallback: string) =>
    key in recordsMessages.en ? t(key as RecordsMessageKey) : fallback;

  return (
    <Stack gap="xl">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <SimpleTable
          title={t('problems')}
          headers={[t('colProblem'), t('colSince')]}
          empty={t('noProblems')}
          rows={activeProblems(resources).map((c, i) => ({
            key: c.id ?? String(i),
            cells: [codeText(c.code), formatDate(c.onsetDateTime ?? c.recordedDate, locale)],
          }))}
        />
        <SimpleTable
          title={t('allergies')}
          headers={[t('colAllergy'), t('colReaction'), t('colCriticality')]}
          empty={t('noAllergies')}
          rows={allergies(resources).map((a, i) => ({
            key: a.id ?? String(i),
            cells: [
              codeText(a.code),
              (a.reaction ?? []).flatMap((r) => r.manifestation.map((m) => codeText(m))).join(', '),
              a.criticality ? word(`criticality_${a.criticality}`, a.criticality) : '',
            ],
          }))}
        />
      </SimpleGrid>
      <SimpleTable
        title={t('medications')}
        headers={[t('colMedication'), t('colInstructions'), t('colStatus')]}
        empty={t('noMedications')}
        rows={currentMedications(resources).map((m, i) => ({
          key: m.id ?? String(i),
          cells: [
            medicationName(m),
            medicationInstructions(m),
            word(`status_${m.status}`, m.status),
          ],
        }))}
      />
      <Stack gap="xs" component="section">
        <Title order={2} size="h3">
          {t('recentResults')}
        </Title>
        <ResultsTable observations={latestPerCode(resources)} label={t('recentResults')} />
      </Stack>
      <SimpleTable
        title={t('immunizations')}
        headers={[t('colVaccine'), t('colDate')]}
        empty={t('noImmunizations')}
        rows={immunizations(resources).map((im, i) => ({
          key: im.id ?? String(i),
          cells: [codeText(im.vaccineCode), date(im)],
        }))}
      />
    </Stack>
  );
}
