/**
 * Two-step verification: whether it is on, then each method in its own part: authenticator
 * app, passkeys, codes by email and recovery codes.
 */
import { Alert, Text } from '@mantine/core';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { EmailCodePanel } from './email-code-panel';
import { mfaMessages } from './mfa-messages';
import { PasskeysPanel } from './passkeys-panel';
import { RecoveryCodesPanel } from './recovery-codes-panel';
import { Section } from './section';
import { useMfa, type MfaStatus } from './security-api';
import { TotpPanel } from './totp-panel';

function statusKey(status: MfaStatus) {
  if (status.totp || status.passkeys.length > 0) return 'statusOn' as const;
  return status.emailCode ? ('statusEmailOnly' as const) : ('statusOff' as const);
}

export function MfaSection() {
  const t = useT(mfaMessages);
  const mfa = useMfa();
  return (
    <Section title={t('mfaTitle')}>
      <Text>{t('mfaIntro')}</Text>
      <QueryState query={mfa}>
        {(status) => (
          <>
            <Alert color={statusKey(status) === 'statusOff' ? 'yellow' : 'teal'} mb="md">
              {t(statusKey(status))}
            </Alert>
            <TotpPanel status={status} />
            <PasskeysPanel status={status} />
            <EmailCodePanel status={status} />
            <RecoveryCodesPanel status={status} />
          </>
        )}
      </QueryState>
    </Section>
  );
}
