/**
 * "Name, birth date and gender" on My details (DATA-1): what the practice holds, shown
 * read-only, since these identify the patient to labs, payers and other providers. Where the
 * practice allows it the patient asks for a change with a reason, and follows their requests
 * here; where it does not, the page says the practice changes them. A proxy only sees.
 */
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useId, useRef, useState } from 'react';
import { formatDate } from '../../components/dates';
import { useLocale, useT } from '../../i18n/i18n';
import { changeMessages, type ChangeMessageKey } from './change-messages';
import { ChangeRequestForm } from './change-request-form';
import { ChangeRequestList } from './change-request-list';
import { IDENTITY_FIELDS, type ChangeRequest, type SelfService } from './use-self-service';

function Fact({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text>{value}</Text>
      {note && <Text size="sm">{note}</Text>}
    </div>
  );
}

export function IdentitySection({ service }: { service: SelfService }) {
  const t = useT(changeMessages);
  const locale = useLocale();
  const titleId = useId();
  const announcementRef = useRef<HTMLParagraphElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const { identity, policy, requests, canEdit } = service;
  const asking = IDENTITY_FIELDS.filter((field) => policy[field] === 'request');
  const waiting = requests.some((r) => r.status === 'requested');
  // The button pressed leaves the page (the form gives way to "waiting", the withdrawn request
  // loses its button): focus goes to the words that say what happened.
  const announce = (words: string) => {
    setAnnouncement(words);
    requestAnimationFrame(() => announcementRef.current?.focus());
  };
  const kept = (field: (typeof IDENTITY_FIELDS)[number]) =>
    policy[field] === 'practice' ? t(`kept_${field}`) : undefined;
  const genderKey = `gender_${identity.gender ?? ''}`;

  return (
    <Stack gap="sm" component="section" aria-labelledby={titleId}>
      <Title order={2} id={titleId}>
        {t('identityTitle')}
      </Title>
      <Text>{t('identityIntro')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <Fact
          label={t('name')}
          value={[...identity.givenNames, identity.familyName].join(' ')}
          note={kept('name')}
        />
        <Fact
          label={t('birthDate')}
          value={identity.birthDate ? formatDate(identity.birthDate, locale) : t('notRecorded')}
          note={kept('birthDate')}
        />
        <Fact
          label={t('gender')}
          value={
            genderKey in changeMessages.en ? t(genderKey as ChangeMessageKey) : t('notRecorded')
          }
          note={kept('gender')}
        />
      </SimpleGrid>
      <Text role="status" fw={600} ref={announcementRef} tabIndex={-1}>
        {announcement}
      </Text>
      {canEdit && waiting && <Text>{t('waiting')}</Text>}
      {canEdit && !waiting && asking.length > 0 && (
        <ChangeRequestForm
          // A fresh form (from what the practice now holds) once the identity changes.
          key={JSON.stringify(identity)}
          identity={identity}
          asking={asking}
          onSent={(request: ChangeRequest) =>
            announce(t('sent', { date: formatDate(request.dueBy, locale) }))
          }
        />
      )}
      <Title order={3} size="h4" mt="sm">
        {canEdit ? t('requestsTitle') : t('requestsTitleProxy')}
      </Title>
      <ChangeRequestList
        requests={requests}
        canEdit={canEdit}
        onWithdrawn={() => announce(t('withdrawn'))}
      />
    </Stack>
  );
}
