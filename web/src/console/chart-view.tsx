/**
 * The chart as the gate lets this person see it, in five tabs: the summary (problems,
 * medications, allergies, immunizations, latest results), results with their trends, visit
 * notes with care plans, the questionnaires the patient answered, and their conversations with
 * the care team (read on that tab only). Which tab is open is component state, not part of the address.
 */
import { Tabs } from '@mantine/core';
import type { Resource } from '@medplum/fhirtypes';
import { useT } from '../i18n/i18n';
import { RecordSummary } from '../records/record-summary';
import { ChartConversations } from './chart-conversations';
import { chartMessages } from './chart-messages';
import { ChartNotes } from './chart-notes';
import { ChartQuestionnaires } from './chart-questionnaires';
import { ChartResults } from './chart-results';

export function ChartView({ patientId, resources }: { patientId: string; resources: Resource[] }) {
  const t = useT(chartMessages);
  return (
    <Tabs defaultValue="summary" keepMounted={false}>
      <Tabs.List aria-label={t('sectionsLabel')} mb="md">
        <Tabs.Tab value="summary">{t('tabSummary')}</Tabs.Tab>
        <Tabs.Tab value="results">{t('tabResults')}</Tabs.Tab>
        <Tabs.Tab value="notes">{t('tabNotes')}</Tabs.Tab>
        <Tabs.Tab value="forms">{t('tabForms')}</Tabs.Tab>
        <Tabs.Tab value="messages">{t('tabMessages')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="summary">
        <RecordSummary resources={resources} />
      </Tabs.Panel>
      <Tabs.Panel value="results">
        <ChartResults resources={resources} />
      </Tabs.Panel>
      <Tabs.Panel value="notes">
        <ChartNotes resources={resources} />
      </Tabs.Panel>
      <Tabs.Panel value="forms">
        <ChartQuestionnaires resources={resources} />
      </Tabs.Panel>
      <Tabs.Panel value="messages">
        <ChartConversations patientId={patientId} />
      </Tabs.Panel>
    </Tabs>
  );
}
