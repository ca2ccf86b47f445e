/**
 * Codes by email, for people without a smartphone: on or off, with the password. It is a weaker
 * second step than an app or a passkey, and the page says why.
 */
import { Text } from '@mantine/core';
import { useState } from 'react';
import { apiPut } from '../api/client';
import { useT } from '../i18n/i18n';
import { mfaMessages } from './mfa-messages';
import { PasswordGate } from './password-gate';
import { Section } from './section';
import { useAfterMfaChange, type MfaStatus } from './security-api';

export function EmailCodePanel({ status }: { status: MfaStatus }) {
  const t = useT(mfaMessages);
  const afterChange = useAfterMfaChange();
  const [changed, setChanged] = useState(false);
  const on = status.emailCode;

  return (
    <Section title={t('emailTitle')} order={3}>
      <Text>{t('emailIntro')}</Text>
      <Text>{on ? t('emailOn') : t('emailOff')}</Text>
      {changed && <Text role="status">{on ? t('emailNowOn') : t('emailNowOff')}</Text>}
      <PasswordGate
        key={String(on)}
        label={on ? t('emailTurnOff') : t('emailTurnOn')}
        danger={on}
        onConfirm={async (password) => {
          await apiPut('/api/me/mfa/email-code', { enabled: !on, password });
          setChanged(true);
          await afterChange();
        }}
      />
    </Section>
  );
}
