/**
 * Changing the password: the current one, then the new one twice. Haven ends the account's
 * other sessions, so the sessions list is re-read afterwards.
 */
import { Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api/client';
import { placeErrors } from '../auth/field-errors';
import { authMessages } from '../auth/messages';
import { NewPasswordFields, passwordsDiffer, type NewPassword } from '../auth/new-password-fields';
import { PasswordField } from '../auth/password-field';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { securityMessages } from './messages';
import { Section } from './section';
import { SECURITY_KEY } from './security-api';

const BLANK: NewPassword = { password: '', again: '' };

export function PasswordSection() {
  const t = useT(securityMessages);
  const ta = useT(authMessages);
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState(BLANK);
  const [checked, setChecked] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      apiPost('/api/me/password', { currentPassword: current, newPassword: next.password }),
    onSuccess: async () => {
      setCurrent('');
      setNext(BLANK);
      setChecked(false);
      await queryClient.invalidateQueries({ queryKey: SECURITY_KEY });
    },
  });
  const placed = placeErrors(
    change.error,
    { currentPassword: t('currentPassword'), password: t('newPassword') },
    ta('checkField'),
  );

  return (
    <Section title={t('passwordTitle')}>
      <Text>{t('passwordIntro')}</Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setChecked(true);
          if (!passwordsDiffer(next)) change.mutate();
        }}
      >
        <Stack maw={440}>
          <Text size="sm">{ta('allRequired')}</Text>
          <PasswordField
            label={t('currentPassword')}
            autoComplete="current-password"
            required
            withAsterisk={false}
            value={current}
            error={placed.fields.currentPassword}
            onChange={(event) => {
              setCurrent(event.currentTarget.value);
              if (change.isSuccess) change.reset();
            }}
          />
          <NewPasswordFields
            label={t('newPassword')}
            value={next}
            onChange={setNext}
            error={placed.fields.password}
            checked={checked}
          />
          <Button type="submit" loading={change.isPending}>
            {t('changePassword')}
          </Button>
          {change.isSuccess && <Text role="status">{t('passwordChanged')}</Text>}
          <FormError error={placed.summary} />
        </Stack>
      </form>
    </Section>
  );
}
