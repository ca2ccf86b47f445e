/**
 * Asking for a reset link. Haven answers the same whether or not the address has an account,
 * so the page does too.
 */
import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { authMessages } from './messages';
import { resetMessages } from './reset-messages';

export function ResetRequestForm() {
  const t = useT(resetMessages);
  const ta = useT(authMessages);
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => apiPost('/api/auth/password-reset', { email: email.trim() }),
  });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        request.mutate();
      }}
    >
      <Stack maw={440}>
        <Text>{t('requestIntro')}</Text>
        <TextInput
          label={ta('email')}
          type="email"
          required
          withAsterisk={false}
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <Button type="submit" loading={request.isPending}>
          {t('send')}
        </Button>
        <FormError error={request.error} />
        {request.isSuccess && <Text role="status">{t('sent')}</Text>}
        <Anchor component={Link} to="/sign-in">
          {t('signIn')}
        </Anchor>
      </Stack>
    </form>
  );
}
