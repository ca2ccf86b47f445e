/**
 * The portal home (/portal): the next visit, what is new since the last visit, then the record
 * summary (problems, medications, allergies, immunizations, latest results) of the open record,
 * and the way to download a copy of it.
 */
import { Stack } from '@mantine/core';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { NewSinceLastVisit } from './new-since-last-visit';
import { NextVisit } from './next-visit';
import { RecordCopy } from './record-copy';
import { RecordSummary } from '../../records/record-summary';
import { PortalPage } from '../frame/portal-page';
import { useRecordResources } from '../frame/use-record-resources';
import { homeMessages } from './messages';

const SUMMARY_TYPES = [
  'Condition',
  'MedicationRequest',
  'MedicationStatement',
  'AllergyIntolerance',
  'Immunization',
  'Observation',
  'DiagnosticReport',
  'DocumentReference',
  'CarePlan',
] as const;

function HomeContent() {
  const resources = useRecordResources(SUMMARY_TYPES);
  return (
    <QueryState query={resources}>
      {(list) => (
        <Stack gap="xl">
          <NextVisit />
          <NewSinceLastVisit resources={list} />
          <RecordSummary resources={list} />
          <RecordCopy />
        </Stack>
      )}
    </QueryState>
  );
}

export function HomePage() {
  const t = useT(homeMessages);
  return (
    <PortalPage title={t('title')}>
      <HomeContent />
    </PortalPage>
  );
}
