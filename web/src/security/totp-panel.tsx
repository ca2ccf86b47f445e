/**
 * The authenticator app part: its status, starting a setup (Haven makes a secret and the
 * person adds it to their app), and removing it (with the password). Other pages link here
 * as /security#authenticator-app; arriving that way brings this part into view.
 */
import { Button, Group, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { mfaMessages } from './mfa-messages';
import { PasswordGate } from './password-gate';
import { Section } from './section';
import { useAfterMfaChange, type MfaStatus } from './security-api';
import { TotpSetup, type TotpEnrolment } from './totp-setup';
import { useFocusOnHash } from './use-focus-on-hash';

export const TOTP_ANCHOR = 'authenticator-app';

export function TotpPanel({ status }: { status: MfaStatus }) {
  const t = useT(mfaMessages);
  const afterChange = useAfterMfaChange();
  const [enrolment, setEnrolment] = useState<TotpEnrolment>();
  const [done, setDone] = useState<'added' | 'removed'>();
  useFocusOnHash(TOTP_ANCHOR);

  const start = useMutation({
    mutationFn: () => apiPost<TotpEnrolment>('/api/me/mfa/totp'),
    onSuccess: (answer) => {
      setDone(undefined);
      setEnrolment(answer);
    },
  });

  return (
    <Section title={t('totpTitle')} order={3} id={TOTP_ANCHOR}>
      <Text>{status.totp ? t('totpOn') : t('totpOff')}</Text>
      {done && <Text role="status">{done === 'added' ? t('totpDone') : t('totpRemoved')}</Text>}
      {enrolment ? (
        <TotpSetup
          enrolment={enrolment}
          onConfirmed={async (answer) => {
            setEnrolment(undefined);
            setDone('added');
            await afterChange(answer);
          }}
          onCancel={() => setEnrolment(undefined)}
        />
      ) : (
        <>
          <Group>
            <Button loading={start.isPending} onClick={() => start.mutate()}>
              {status.totp ? t('totpReplace') : t('totpStart')}
            </Button>
          </Group>
          <FormError error={start.error} />
          {status.totp && (
            <PasswordGate
              label={t('totpRemove')}
              danger
              onConfirm={async (password) => {
                await apiPost('/api/me/mfa/totp/remove', { password });
                setDone('removed');
                await afterChange();
              }}
            />
          )}
        </>
      )}
    </Section>
  );
}
