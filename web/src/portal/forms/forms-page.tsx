/**
 * Questionnaires (/portal/forms, DATA-6, DATA-12): the practice's questionnaires to fill in
 * before a visit, and the answers already sent, newest first, as the care team reads them. A
 * proxy reads the answers but sends none (the server refuses it too).
 */
import { Button, Paper, Stack, Text, Title } from '@mantine/core';
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../components/dates';
import { QueryState } from '../../components/query-state';
import { useLocale, useT } from '../../i18n/i18n';
import {
  answeredByGuardian,
  questionnaireTitle,
  ResponseAnswers,
} from '../../records/response-answers';
import { useOpenRecord } from '../frame/open-record';
import { PortalPage } from '../frame/portal-page';
import { formsMessages } from './messages';
import { QuestionnaireForm } from './questionnaire-form';
import { useQuestionnaires } from './use-questionnaires';

/** The title of what a response answers: its own, else its questionnaire's by canonical URL. */
function titleOf(response: QuestionnaireResponse, forms: Questionnaire[]): string | undefined {
  const [url] = (response.questionnaire ?? '').split('|');
  return (
    questionnaireTitle(response) ??
    forms.find((f) => f.url === url || `Questionnaire/${f.id}` === url)?.title
  );
}

function ResponseCard({ response, title }: { response: QuestionnaireResponse; title: string }) {
  const t = useT(formsMessages);
  const locale = useLocale();
  return (
    <Paper withBorder p="md" component="article">
      <Stack gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Text size="sm">{t('sentOn', { date: formatDateTime(response.authored, locale) })}</Text>
        {answeredByGuardian(response) && <Text size="sm">{t('byGuardian')}</Text>}
        <ResponseAnswers items={response.item ?? []} />
      </Stack>
    </Paper>
  );
}

const fillId = (form: Questionnaire) => `fill-${form.id ?? ''}`;

/** An opened questionnaire: focus moves to its title, where the button that opened it was. */
function OpenForm({
  form,
  title,
  onCancel,
  onSent,
}: {
  form: Questionnaire;
  title: string;
  onCancel: () => void;
  onSent: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="sm" ref={heading} tabIndex={-1}>
        {title}
      </Title>
      <QuestionnaireForm questionnaire={form} onCancel={onCancel} onSent={onSent} />
    </Paper>
  );
}

function FormsContent() {
  const t = useT(formsMessages);
  const listing = useQuestionnaires();
  const record = useOpenRecord();
  const [open, setOpen] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const announcementRef = useRef<HTMLParagraphElement>(null);
  return (
    <QueryState query={listing}>
      {({ questionnaires, responses, canAnswer }) => (
        <Stack gap="lg">
          <Text>{t('intro')}</Text>
          <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
            {announcement}
          </Text>
          <Stack gap="sm" component="section">
            <Title order={2} size="h3">
              {t('available')}
            </Title>
            {!canAnswer && <Text>{t('proxyNote')}</Text>}
            {canAnswer && !record.self && (
              <Text fw={600}>{t('guardianNote', { name: record.displayName ?? '' })}</Text>
            )}
            {questionnaires.length === 0 && <Text>{t('none')}</Text>}
            {canAnswer &&
              questionnaires.map((form) => {
                const title = form.title ?? t('untitled');
                return open === form.id ? (
                  <OpenForm
                    key={form.id}
                    form={form}
                    title={title}
                    onCancel={() => {
                      setOpen(null);
                      requestAnimationFrame(() => document.getElementById(fillId(form))?.focus());
                    }}
                    onSent={() => {
                      setOpen(null);
                      setAnnouncement(t('sent', { title }));
                      requestAnimationFrame(() => announcementRef.current?.focus());
                    }}
                  />
                ) : (
                  <div key={form.id}>
                    <Button
                      id={fillId(form)}
                      variant="light"
                      onClick={() => setOpen(form.id ?? null)}
                    >
                      {t('start', { title })}
                    </Button>
                  </div>
                );
              })}
          </Stack>
          <Stack gap="sm" component="section">
            <Title order={2} size="h3">
              {t('answered')}
            </Title>
            {responses.length === 0 && <Text>{t('noAnswers')}</Text>}
            {responses.map((response) => (
              <ResponseCard
                key={response.id}
                response={response}
                title={titleOf(response, questionnaires) ?? t('untitled')}
              />
            ))}
          </Stack>
        </Stack>
      )}
    </QueryState>
  );
}

export function FormsPage() {
  const t = useT(formsMessages);
  return (
    <PortalPage title={t('title')}>
      <FormsContent />
    </PortalPage>
  );
}
