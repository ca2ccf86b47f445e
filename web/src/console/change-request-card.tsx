/**
 * One patient's request to change their name, birth date or gender: who asks (their name as
 * the record holds it now), what changes from what to what, their reason, and when the answer
 * is due. Staff who decide accept it, or decline it with a reason the patient sees; the reason
 * typed stays if the decision fails.
 */
import { Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { formatDate } from '../components/dates';
import { FormError } from '../components/form-error';
import { useLocale, useT } from '../i18n/i18n';
import {
  useDecideChangeRequest,
  type Decision,
  type IdentityValues,
  type StaffChangeRequest,
} from './change-requests-api';
import { changeRequestMessages } from './change-request-messages';
import { consoleMessages, type ConsoleMessageKey } from './messages';

export const fullName = (name: { givenNames: string[]; familyName: string }) =>
  [...name.givenNames, name.familyName].join(' ');

interface Row {
  what: string;
  now: string;
  asked: string;
}

function useRows(request: StaffChangeRequest): Row[] {
  const t = useT(changeRequestMessages);
  const tc = useT(consoleMessages);
  const locale = useLocale();
  const gender = (code: string | undefined) => {
    const key = `gender_${code ?? ''}`;
    return key in consoleMessages.en ? tc(key as ConsoleMessageKey) : (code ?? t('notRecorded'));
  };
  const date = (value: string | undefined) =>
    value ? formatDate(value, locale) : t('notRecorded');
  const { changes, current } = request;
  const rows: Row[] = [];
  if (changes.name) {
    rows.push({ what: t('name'), now: fullName(current), asked: fullName(changes.name) });
  }
  if (changes.birthDate) {
    rows.push({
      what: t('birthDate'),
      now: date(current.birthDate),
      asked: date(changes.birthDate),
    });
  }
  if (changes.gender) {
    rows.push({ what: t('gender'), now: gender(current.gender), asked: gender(changes.gender) });
  }
  return rows;
}

export function ChangeRequestCard({
  request,
  canDecide,
  onDecided,
}: {
  request: StaffChangeRequest;
  canDecide: boolean;
  onDecided: (decision: Decision, current: IdentityValues) => void;
}) {
  const t = useT(changeRequestMessages);
  const locale = useLocale();
  const headingId = useId();
  const rows = useRows(request);
  const decide = useDecideChangeRequest(request.id);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const name = fullName(request.current);
  const overdue = new Date(request.dueBy).getTime() < Date.now();

  const send = (decision: Decision) => {
    const trimmed = reason.trim();
    if (decision === 'decline' && !trimmed) {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    // The card leaves the queue once decided: the promise still resolves.
    void decide.mutateAsync({ decision, ...(trimmed ? { reason: trimmed } : {}) }).then(
      () => onDecided(decision, request.current),
      () => undefined,
    );
  };

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {name}
          </Title>
          <Text size="sm">
            {t('askedOn', { date: formatDate(request.requestedAt, locale) })}.{' '}
            <Text span size="sm" fw={overdue ? 700 : undefined}>
              {overdue
                ? t('overdue', { date: formatDate(request.dueBy, locale) })
                : t('dueBy', { date: formatDate(request.dueBy, locale) })}
              .
            </Text>
          </Text>
        </div>
        <Table withTableBorder captionSide="top">
          <Table.Caption>{t('tableCaption', { name })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('colWhat')}</Table.Th>
              <Table.Th scope="col">{t('colNow')}</Table.Th>
              <Table.Th scope="col">{t('colAsked')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.what}>
                <Table.Th scope="row" fw={500}>
                  {row.what}
                </Table.Th>
                <Table.Td>{row.now}</Table.Td>
                <Table.Td>{row.asked}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <div>
          <Text size="sm" fw={600}>
            {t('patientReason')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {request.reason}
          </Text>
        </div>
        {canDecide && (
          <>
            <Textarea
              label={t('decisionReason')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              maxLength={1000}
              autosize
              minRows={2}
              error={reasonMissing ? t('decisionReasonMissing') : undefined}
            />
            <Group>
              <Button
                loading={decide.isPending}
                onClick={() => send('accept')}
                aria-label={t('acceptFor', { name })}
              >
                {t('accept')}
              </Button>
              <Button
                color="red.9"
                variant="outline"
                loading={decide.isPending}
                onClick={() => send('decline')}
                aria-label={t('declineFor', { name })}
              >
                {t('decline')}
              </Button>
            </Group>
            <FormError error={decide.error} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
