/**
 * The patient's change requests, newest first: what was asked and why, where each stands (in
 * words, not colour alone), when the practice will answer or did, and its reason; a waiting one
 * can be withdrawn.
 */
import { Button, List, Text } from '@mantine/core';
import { formatDate } from '../../components/dates';
import { FormError } from '../../components/form-error';
import { useLocale, useT } from '../../i18n/i18n';
import { changeMessages, type ChangeMessageKey } from './change-messages';
import { RequestItem } from '../frame/request-item';
import { useWithdrawRequest, type ChangeRequest } from './use-self-service';

const STATUS_COLOUR = {
  requested: 'indigo.9',
  accepted: 'teal.9',
  declined: 'gray.8',
  withdrawn: 'gray.8',
} as const;

/** "Mary Ann Smith", "Female", "Apr 2, 1980": what a request asks for, in words. */
export function useAskedWords() {
  const t = useT(changeMessages);
  const locale = useLocale();
  return (request: ChangeRequest): string[] => {
    const { name, birthDate, gender } = request.changes;
    const genderKey = `gender_${gender ?? ''}`;
    return [
      ...(name ? [t('askedName', { value: [...name.givenNames, name.familyName].join(' ') })] : []),
      ...(birthDate ? [t('askedBirthDate', { value: formatDate(birthDate, locale) })] : []),
      ...(gender
        ? [
            t('askedGender', {
              value: genderKey in changeMessages.en ? t(genderKey as ChangeMessageKey) : gender,
            }),
          ]
        : []),
    ];
  };
}

function ChangeRequestItem({
  request,
  canEdit,
  onWithdrawn,
}: {
  request: ChangeRequest;
  canEdit: boolean;
  onWithdrawn: () => void;
}) {
  const t = useT(changeMessages);
  const locale = useLocale();
  const asked = useAskedWords()(request);
  const withdraw = useWithdrawRequest();
  const waiting = request.status === 'requested';
  return (
    <RequestItem
      status={t(`status_${request.status}`)}
      colour={STATUS_COLOUR[request.status]}
      asked={t('askedOn', { date: formatDate(request.requestedAt, locale) })}
    >
      <Text size="sm" fw={600}>
        {canEdit ? t('asked') : t('askedProxy')}
      </Text>
      <List size="sm">
        {asked.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      <Text size="sm">{t(canEdit ? 'yourReason' : 'theirReason', { reason: request.reason })}</Text>
      {waiting && <Text size="sm">{t('dueBy', { date: formatDate(request.dueBy, locale) })}</Text>}
      {request.decidedAt && request.status !== 'withdrawn' && (
        <Text size="sm">
          {t('decided', { date: formatDate(request.decidedAt, locale) })}
          {request.decisionReason
            ? `. ${t('decisionReason', { reason: request.decisionReason })}`
            : ''}
        </Text>
      )}
      {waiting && canEdit && (
        <>
          <Button
            variant="outline"
            color="red.9"
            size="xs"
            w="fit-content"
            loading={withdraw.isPending}
            onClick={() => void withdraw.mutateAsync(request.id).then(onWithdrawn, () => undefined)}
          >
            {t('withdraw')}
          </Button>
          <FormError error={withdraw.error} />
        </>
      )}
    </RequestItem>
  );
}

export function ChangeRequestList({
  requests,
  canEdit,
  onWithdrawn,
}: {
  requests: ChangeRequest[];
  canEdit: boolean;
  onWithdrawn: () => void;
}) {
  const t = useT(changeMessages);
  if (requests.length === 0) {
    return <Text size="sm">{canEdit ? t('noRequests') : t('noRequestsProxy')}</Text>;
  }
  return (
    <List listStyleType="none" spacing="xs" p={0} m={0}>
      {requests.map((request) => (
        <ChangeRequestItem
          key={request.id}
          request={request}
          canEdit={canEdit}
          onWithdrawn={onWithdrawn}
        />
      ))}
    </List>
  );
}
