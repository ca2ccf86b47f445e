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
import { placeErrors, textFieldsOf } from './field-errors';
import { authMessages } from './messages';
import { NewPasswordFields, passwordsDiffer, type NewPassword } from './new-password-fields';
import { signInWithPassword } from './sign-in-api';

export function EnrolForm({ onEnrolled }: { onEnrolled: (enrolled: Enrolled) => void }) {
  const t = useT(enrolMessages);
  const ta = useT(authMessages);
  const { language } = useLanguage();
  const { refresh } = useSession();
  const [form, setForm] = useState({ code: '', dateOfBirth: '', email: '' });
  const [password, setPassword] = useState<NewPassword>({ password: '', again: '' });
  const [checked, setChecked] = useState(false);

  const activate = useMutation({
    mutationFn: async (): Promise<Enrolled> => {
      const body = {
        code: form.code.trim(),
        dateOfBirth: form.dateOfBirth,
        email: form.email.trim(),
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

  const labels = { code: t('code'), dateOfBirth: t('dateOfBirth'), email: ta('email') };
  const placed = placeErrors(
    activate.error,
    { ...labels, password: ta('password') },
    ta('checkField'),
  );
  const field = textFieldsOf(form, setForm, labels, placed.fields);

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
          {...field('code')}
          description={t('codeHint')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
        />
        <TextInput {...field('dateOfBirth')} type="date" autoComplete="bday" />
        <TextInput {...field('email')} type="email" autoComplete="email" />
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
