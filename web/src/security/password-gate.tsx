/**
 * A change that could weaken the account (removing a factor, turning email codes on or off,
 * new recovery codes) asks for the password first: a button opens a small form for it. A wrong
 * password keeps the form open, with what was typed, and the server's words on the field.
 */
import { Button, Group, Stack } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { placeErrors } from '../auth/field-errors';
import { authMessages } from '../auth/messages';
import { PasswordField } from '../auth/password-field';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { mfaMessages } from './mfa-messages';

export function PasswordGate({
  label,
  danger = false,
  onConfirm,
}: {
  /** The action, on the button that opens the form and on the one that confirms it. */
  label: string;
  danger?: boolean;
  onConfirm: (password: string) => Promise<unknown>;
}) {
  const t = useT(mfaMessages);
  const ta = useT(authMessages);
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const confirm = useMutation({
    mutationFn: () => onConfirm(password),
    onSuccess: () => {
      setOpen(false);
      setPassword('');
    },
  });
  const close = () => {
    setOpen(false);
    setPassword('');
    confirm.reset();
  };

  if (!open) {
    return (
      <Group>
        <Button
          variant={danger ? 'outline' : 'default'}
          color={danger ? 'red.8' : undefined}
          onClick={() => setOpen(true)}
        >
          {label}
        </Button>
      </Group>
    );
  }

  const placed = placeErrors(confirm.error, { password: t('yourPassword') }, ta('checkField'));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        confirm.mutate();
      }}
    >
      <Stack maw={440} gap="xs">
        <PasswordField
          label={t('yourPassword')}
          description={t('passwordWhy')}
          autoComplete="current-password"
          required
          withAsterisk={false}
          autoFocus
          value={password}
          error={placed.fields.password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Group>
          <Button type="submit" color={danger ? 'red.8' : undefined} loading={confirm.isPending}>
            {label}
          </Button>
          <Button variant="default" onClick={close}>
            {t('cancel')}
          </Button>
        </Group>
        <FormError error={placed.summary} />
      </Stack>
    </form>
  );
}
