/**
 * Signing in with a code sent by email: ask for the code, then enter it. Asking again sends
 * a new one.
 */
import { Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { CodeFactorForm } from './code-factor-form';
import { authMessages } from './messages';
import type { FactorProps } from './second-factor-step';

export function EmailCodeFactor({ onDone, onFailed }: FactorProps) {
  const t = useT(authMessages);
  const send = useMutation({
    mutationFn: () => apiPost('/api/auth/second-factor/email-code'),
  });

  return (
    <Stack>
      <Button
        variant={send.isSuccess ? 'default' : 'filled'}
        loading={send.isPending}
        onClick={() => send.mutate()}
      >
        {send.isSuccess ? t('emailResend') : t('emailSend')}
      </Button>
      <FormError error={send.error} />
      {send.isSuccess && (
        <>
          <Text role="status">{t('emailSent')}</Text>
          <CodeFactorForm method="email_code" onDone={onDone} onFailed={onFailed} />
        </>
      )}
    </Stack>
  );
}
