/**
 * The second step of signing in: the person picks one of their methods (an authenticator
 * code first when they have one) and completes it. A wrong code is reported by the method's
 * own form; the page is told too, so it can notice when the server ended the attempt.
 */
import { Button, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { CodeFactorForm } from './code-factor-form';
import { EmailCodeFactor } from './email-code-factor';
import { authMessages } from './messages';
import { PasskeyFactor } from './passkey-factor';
import type { SecondFactorName, SignedInAnswer } from './sign-in-api';

export interface FactorProps {
  onDone: (answer: SignedInAnswer) => Promise<void>;
  onFailed: (error: unknown) => Promise<void>;
}

export function SecondFactorStep({
  factors,
  onDone,
  onFailed,
  onStartOver,
}: FactorProps & { factors: SecondFactorName[]; onStartOver: () => Promise<void> }) {
  const t = useT(authMessages);
  const [method, setMethod] = useState<SecondFactorName | undefined>(
    factors.includes('totp') ? 'totp' : factors[0],
  );

  return (
    <Stack maw={440}>
      <Text>{t('secondStepIntro')}</Text>
      {method === undefined && (
        <Text role="alert" c="red.9">
          {t('noMethods')}
        </Text>
      )}
      {factors.length > 1 && (
        <Radio.Group
          label={t('methodLegend')}
          value={method ?? null}
          onChange={(value) => setMethod(value)}
        >
          <Stack gap="xs" mt="xs">
            {factors.map((factor) => (
              <Radio key={factor} value={factor} label={t(`method_${factor}`)} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {method === 'passkey' && <PasskeyFactor onDone={onDone} onFailed={onFailed} />}
      {method === 'email_code' && <EmailCodeFactor onDone={onDone} onFailed={onFailed} />}
      {(method === 'totp' || method === 'recovery_code') && (
        <CodeFactorForm key={method} method={method} onDone={onDone} onFailed={onFailed} />
      )}
      <Button variant="subtle" onClick={() => void onStartOver()}>
        {t('startOver')}
      </Button>
    </Stack>
  );
}
