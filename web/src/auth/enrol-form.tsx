/**
 * The activation form: code, date of birth, email and a new password. On success the account
 * exists; the form then signs in with the same email and password (activation itself does not
 * start a session). A refused activation keeps everything typed and shows the server's words.
 */
import { Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost, setCsrfToken } from '../api/client';
import { FormError } from '../components/form-error';
import { useLanguage, useT } from '../i18n/i18n';
import { useSession } from '../session/session';
import type { Enrolled } from './enrol-done';
import { enrolMessages } from './enrol-messages';
import { FIELD_ERROR_LOOK, placeErrors } from './field-errors';
import { authMessages } from './messages';
import { NewPasswordFields, passwordsDiffer, type NewPassword } from './new-password-fields';
import { signInWithPassword } from './sign-in-api';

export function EnrolForm({ onEnrolled }: { onEnrolled: (enrolled: Enrolled) => void }) {
  const t = useT(enrolMessages);
  const ta = useT(authMessages);
  const { language } = useLanguage();
  const { refresh } = useSession();
  const [code, setCode] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState<NewPassword>({ password: '', again: '' });
  const [checked, setChecked] = useState(false);

  const activate = useMutation({
    mutationFn: async (): Promise<Enrolled> => {
      const body = {
        code: code.trim(),
        dateOfBirth,
        email: email.trim(),
        password: password.password,
      };
      const answer = await apiPost<{ status: Enrolled['status'] }>('/api/enrol/activate', {
        ...body,
        locale: language,
      });
      try {
        const signedIn = await signInWithPassword(body.email, body.password);
        setCsrfToken(signedIn.csrfToken);
        await refresh();
        return { status: answer.status, signedIn: signedIn.stage === 'active' };
      } catch {
        // The account exists; signing in can be done from the sign-in page.
        return { status: answer.status, signedIn: false };
      }
    },
    onSuccess: onEnrolled,
  });

  const placed = placeErrors(
    activate.error,
    {
      code: t('code'),
      dateOfBirth: t('dateOfBirth'),
      email: ta('email'),
      password: ta('password'),
    },
    ta('checkField'),
  );

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setChecked(true);
        if (!passwordsDiffer(password)) activate.mutate();
      }}
    >
      <Stack maw={480}>
        <Text>{t('enrolIntro')}</Text>
        <Text size="sm">{ta('allRequired')}</Text>
        <TextInput
          label={t('code')}
          description={t('codeHint')}
          required
          withAsterisk={false}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          error={placed.fields.code}
          {...FIELD_ERROR_LOOK}
          onChange={(event) => setCode(event.currentTarget.value)}
        />
        <TextInput
          label={t('dateOfBirth')}
          type="date"
          required
          withAsterisk={false}
          autoComplete="bday"
          value={dateOfBirth}
          error={placed.fields.dateOfBirth}
          {...FIELD_ERROR_LOOK}
          onChange={(event) => setDateOfBirth(event.currentTarget.value)}
        />
        <TextInput
          label={ta('email')}
          type="email"
          required
          withAsterisk={false}
          autoComplete="email"
          value={email}
          error={placed.fields.email}
          {...FIELD_ERROR_LOOK}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <NewPasswordFields
          label={ta('password')}
          value={password}
          onChange={setPassword}
          error={placed.fields.password}
          checked={checked}
        />
        <Button type="submit" loading={activate.isPending}>
          {t('activate')}
        </Button>
        <FormError error={placed.summary} />
      </Stack>
    </form>
  );
}
