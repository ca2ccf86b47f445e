/**
 * The first step of signing in: email and password. A refused password clears the password
 * field (the email stays) and shows the server's words under the form.
 */
import { Button, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { authMessages } from './messages';
import { PasswordField } from './password-field';
import { signInWithPassword, type SignedInAnswer } from './sign-in-api';

export function PasswordStep({
  email,
  onEmailChange,
  carriedError,
  onDone,
}: {
  email: string;
  onEmailChange: (email: string) => void;
  carriedError: unknown;
  onDone: (answer: SignedInAnswer) => Promise<void>;
}) {
  const t = useT(authMessages);
  const [password, setPassword] = useState('');
  const signIn = useMutation({
    mutationFn: () => signInWithPassword(email.trim(), password),
    onSuccess: onDone,
    onError: () => setPassword(''),
  });

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        signIn.mutate();
      }}
    >
      <Stack maw={440}>
        <TextInput
          label={t('email')}
          type="email"
          autoComplete="username"
          required
          withAsterisk={false}
          value={email}
          onChange={(event) => onEmailChange(event.currentTarget.value)}
        />
        <PasswordField
          label={t('password')}
          autoComplete="current-password"
          required
          withAsterisk={false}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" loading={signIn.isPending}>
          {t('signIn')}
        </Button>
        <FormError error={signIn.error ?? carriedError} />
      </Stack>
    </form>
  );
}
