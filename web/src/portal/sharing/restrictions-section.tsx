/** Restriction requests: what was asked, where each stands, and the form to ask again. */
import { List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { formatDate } from '../../components/dates';
import { QueryState } from '../../components/query-state';
import { useLocale, useT } from '../../i18n/i18n';
import { accessWords, lookup } from '../access/access-words';
import { RequestItem } from '../frame/request-item';
import { RestrictionForm } from './restriction-form';
import { restrictionMessages, type RestrictionMessageKey } from './restriction-messages';
import { sharingMessages } from './messages';
import { useRestrictions, type Restriction } from './use-restrictions';

const STATUS_COLOUR = { requested: 'indigo.9', granted: 'teal.9', denied: 'gray.8' } as const;

function RestrictionItem({ restriction }: { restriction: Restriction }) {
  const t = useT(restrictionMessages);
  const w = useT(accessWords);
  const locale = useLocale();
  const word = (code: string) => {
    const key = `cat_${code}`;
    return key in restrictionMessages.en ? t(key as RestrictionMessageKey) : code;
  };
  const what = [...restriction.categories.map(word), ...restriction.resourceTypes].join(', ');
  const who = restriction.appliesToRole
    ? (lookup(w, 'role', restriction.appliesToRole) ?? restriction.appliesToRole)
    : t('everyone');
  return (
    <RequestItem
      status={t(`status_${restriction.status}`)}
      colour={STATUS_COLOUR[restriction.status]}
      asked={t('requestedOn', { date: formatDate(restriction.requestedAt, locale) })}
    >
      <Text size="sm">{t('what', { what })}</Text>
      <Text size="sm">{t('appliesTo', { who })}</Text>
      {restriction.reason && (
        <Text size="sm">{t('yourReason', { reason: restriction.reason })}</Text>
      )}
      {restriction.decision && (
        <Text size="sm">
          {t('decision', { date: formatDate(restriction.decision.decidedAt, locale) })}
          {restriction.decision.reason
            ? `. ${t('decisionReason', { reason: restriction.decision.reason })}`
            : ''}
        </Text>
      )}
    </RequestItem>
  );
}

export function RestrictionsSection() {
  const t = useT(restrictionMessages);
  const s = useT(sharingMessages);
  const restrictions = useRestrictions();
  const [announcement, setAnnouncement] = useState('');
  const forbidden = restrictions.error instanceof ApiError && restrictions.error.status === 403;

  return (
    <Stack gap="sm" component="section">
      <Title order={2}>{t('restrictions')}</Title>
      <Text>{t('restrictionsIntro')}</Text>
      <Text role="status" fw={600}>
        {announcement}
      </Text>
      {forbidden ? (
        <Text>{s('notAllowed')}</Text>
      ) : (
        <QueryState query={restrictions}>
          {(list) => (
            <Stack gap="md">
              {list.length === 0 ? (
                <Text>{t('none')}</Text>
              ) : (
                <List listStyleType="none" spacing="xs" p={0} m={0}>
                  {list.map((r) => (
                    <RestrictionItem key={r.id} restriction={r} />
                  ))}
                </List>
              )}
              <RestrictionForm onSent={setAnnouncement} />
            </Stack>
          )}
        </QueryState>
      )}
    </Stack>
  );
}
