/**
 * Entering a one-time code at sign-in: from an authenticator app, an email, or a recovery
 * code. A wrong code stays in the field (so it can be corrected) with the server's words.
 */
import { Button, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { authMessages } from './messages';
import type { FactorProps } from './second-factor-step';
import { completeSecondFactor } from './sign-in-api';

const LABELS = {
  totp: { label: 'totpLabel', hint: 'totpHint' },
  email_code: { label: 'emailLabel', hint: undefined },
  recovery_code: { label: 'recoveryLabel', hint: 'recoveryHint' },
} as const;

export function CodeFactorForm({
  method,
  onDone,
  onFailed,
}: FactorProps & { method: keyof typeof LABELS }) {
  const t = useT(authMessages);
  const [code, setCode] = useState('');
  const words = LABELS[method];
  const verify = useMutation({
    mutationFn: () => completeSecondFactor({ method, code: code.trim() }),
    onSuccess: onDone,
    onError: onFailed,
  });
  const numeric = method !== 'recovery_code';

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        verify.mutate();
      }}
    >
      <Stack>
        <TextInput
          label={t(words.label)}
          description={words.hint ? t(words.hint) : undefined}
          required
          withAsterisk={false}
          autoComplete="one-time-code"
          inputMode={numeric ? 'numeric' : 'text'}
          autoCapitalize="off"
          spellCheck={false}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
        />
        <Button type="submit" loading={verify.isPending}>
          {t('confirm')}
        </Button>
        <FormError error={verify.error} />
      </Stack>
    </form>
  );
}
