/**
 * Recovery codes: how many are left, and making a new set (with the password). The new codes
 * are shown once, from memory only, with a plain warning to keep them safe; leaving the page
 * or pressing "I have saved them" forgets them.
 */
import { Alert, Button, Code, List, Text } from '@mantine/core';
import { useState } from 'react';
import { apiPost } from '../api/client';
import { useT } from '../i18n/i18n';
import { passkeyMessages } from './passkey-messages';
import { PasswordGate } from './password-gate';
import { Section } from './section';
import { useAfterMfaChange, type MfaStatus } from './security-api';

export function RecoveryCodesPanel({ status }: { status: MfaStatus }) {
  const t = useT(passkeyMessages);
  const afterChange = useAfterMfaChange();
  const [codes, setCodes] = useState<string[]>();

  return (
    <Section title={t('recoveryTitle')} order={3}>
      <Text>{t('recoveryIntro')}</Text>
      <Text>{t('recoveryLeft', { count: status.recoveryCodesLeft })}</Text>
      {codes ? (
        <Alert color="yellow" role="alert">
          <Text fw={700} mb="xs">
            {t('codesTitle')}
          </Text>
          <Text mb="sm">{t('codesWarning')}</Text>
          <List aria-label={t('codesTitle')} spacing={4} mb="sm">
            {codes.map((code) => (
              <List.Item key={code}>
                <Code fz="md">{code}</Code>
              </List.Item>
            ))}
          </List>
          <Button variant="default" onClick={() => setCodes(undefined)}>
            {t('codesSaved')}
          </Button>
        </Alert>
      ) : (
        <PasswordGate
          label={t('makeCodes')}
          onConfirm={async (password) => {
            const answer = await apiPost<{ codes: string[] }>('/api/me/mfa/recovery-codes', {
              password,
            });
            setCodes(answer.codes);
            await afterChange();
          }}
        />
      )}
    </Section>
  );
}
