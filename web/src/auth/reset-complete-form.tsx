/**
 * Choosing a new password with the token from a reset link. Success ends every session, so the
 * page then sends the person to sign in; a used or expired link offers to ask for a new one.
 */
import { Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { useSession } from '../session/session';
import { placeErrors } from './field-errors';
import { authMessages } from './messages';
import { NewPasswordFields, passwordsDiffer, type NewPassword } from './new-password-fields';
import { resetMessages } from './reset-messages';

export function ResetCompleteForm({
  token,
  done,
  onDone,
  onAskAgain,
}: {
  token: string;
  done: boolean;
  onDone: () => void;
  onAskAgain: () => void;
}) {
  const t = useT(resetMessages);
  const ta = useT(authMessages);
  const { refresh } = useSession();
  const [password, setPassword] = useState<NewPassword>({ password: '', again: '' });
  const [checked, setChecked] = useState(false);
  const complete = useMutation({
    mutationFn: () =>
      apiPost('/api/auth/password-reset/complete', { token, newPassword: password.password }),
    onSuccess: async () => {
      onDone();
      await refresh();
    },
  });

  if (done) {
    return (
      <Stack maw={440}>
        <Text role="status">{t('done')}</Text>
        <Anchor component={Link} to="/sign-in">
          {ta('signIn')}
        </Anchor>
      </Stack>
    );
  }

  const placed = placeErrors(
    complete.error,
    { newPassword: t('newPassword'), password: t('newPassword') },
    ta('checkField'),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setChecked(true);
        if (!passwordsDiffer(password)) complete.mutate();
      }}
    >
      <Stack maw={440}>
        <Text>{t('chooseIntro')}</Text>
        <NewPasswordFields
          label={t('newPassword')}
          value={password}
          onChange={setPassword}
          error={placed.fields.password ?? placed.fields.newPassword}
          checked={checked}
        />
        <Button type="submit" loading={complete.isPending}>
          {t('save')}
        </Button>
        <FormError error={placed.summary} />
        {complete.error instanceof ApiError && complete.error.code === 'bad_request' && (
          <Anchor component="button" type="button" onClick={onAskAgain}>
            {t('askAgain')}
          </Anchor>
        )}
      </Stack>
    </form>
  );
}
