/**
 * A staff member's professional licence: its state in words, verify or reject it (another
 * administrator than the holder must), and record a new one. A new licence starts unverified;
 * the form keeps what was typed if saving fails.
 */
import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { formatDate } from '../components/dates';
import { FormError } from '../components/form-error';
import { useLocale, useT } from '../i18n/i18n';
import { decideLicence, recordLicence, useStaffChange, type StaffMember } from './staff-api';
import { staffMessages, type StaffMessageKey } from './staff-messages';

function LicenceForm({ member, onDone }: { member: StaffMember; onDone: () => void }) {
  const t = useT(staffMessages);
  const [number, setNumber] = useState('');
  const [issuingState, setIssuingState] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const save = useStaffChange(member.userId, recordLicence);
  const invalid = save.error instanceof ApiError && save.error.status === 400;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { number: number.trim(), issuingState: issuingState.trim().toUpperCase(), expiresOn },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('licenceNumber')}
          description={t('licenceNumberHint')}
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          autoComplete="off"
          maxLength={40}
          required
        />
        <TextInput
          label={t('issuingState')}
          description={t('issuingStateHint')}
          value={issuingState}
          onChange={(e) => setIssuingState(e.currentTarget.value)}
          maxLength={2}
          required
        />
        <TextInput
          type="date"
          label={t('expiresOn')}
          description={t('expiresOnHint')}
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
          required
        />
      </SimpleGrid>
      <Group mt="sm">
        <Button type="submit" loading={save.isPending}>
          {t('saveLicence')}
        </Button>
        <Button variant="default" onClick={onDone}>
          {t('cancel')}
        </Button>
      </Group>
      <FormError error={invalid ? new Error(t('licenceInvalid')) : save.error} />
    </form>
  );
}

export function StaffLicence({ member }: { member: StaffMember }) {
  const t = useT(staffMessages);
  const locale = useLocale();
  const [editing, setEditing] = useState(false);
  const decide = useStaffChange(member.userId, decideLicence);
  const licence = member.licence;

  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('licence')}
      </Text>
      <Text size="sm">
        {licence
          ? t('licenceFacts', {
              state: t(`licenceState_${licence.verification}` as StaffMessageKey),
              issuer: licence.issuingState,
              expires: formatDate(licence.expiresOn, locale),
            })
          : t('noLicence')}
        {licence?.numberLastFour ? ` ${t('licenceLast4', { last4: licence.numberLastFour })}` : ''}
      </Text>
      {editing ? (
        <LicenceForm member={member} onDone={() => setEditing(false)} />
      ) : (
        <Group gap="sm">
          {licence?.verification === 'unverified' && (
            <>
              <Button
                size="xs"
                loading={decide.isPending}
                onClick={() => decide.mutate('verified')}
              >
                {t('verify')}
              </Button>
              <Button
                size="xs"
                variant="outline"
                color="red.9"
                loading={decide.isPending}
                onClick={() => decide.mutate('rejected')}
              >
                {t('reject')}
              </Button>
            </>
          )}
          <Button size="xs" variant="default" onClick={() => setEditing(true)}>
            {t('recordLicence')}
          </Button>
        </Group>
      )}
      <FormError error={decide.error} />
    </Stack>
  );
}
