/**
 * The self sign-up form: practice, name, date of birth, email and a new password. A refusal
 * (unknown practice, under 13, weak password) keeps everything typed; problems with one field
 * are shown on that field.
 */
import { Button, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useLanguage, useT } from '../i18n/i18n';
import { enrolMessages } from './enrol-messages';
import { placeErrors, textFieldsOf } from './field-errors';
import { authMessages } from './messages';
import { NewPasswordFields, passwordsDiffer, type NewPassword } from './new-password-fields';

const EMPTY = { practice: '', givenName: '', familyName: '', dateOfBirth: '', email: '' };
type Field = keyof typeof EMPTY;

export function SignUpForm({ onDone }: { onDone: () => void }) {
  const t = useT(enrolMessages);
  const ta = useT(authMessages);
  const { language } = useLanguage();
  const [form, setForm] = useState(EMPTY);
  const [password, setPassword] = useState<NewPassword>({ password: '', again: '' });
  const [checked, setChecked] = useState(false);

  const signUp = useMutation({
    mutationFn: () =>
      apiPost('/api/enrol/sign-up', {
        practice: form.practice.trim().toLowerCase(),
        givenName: form.givenName.trim(),
        familyName: form.familyName.trim(),
        dateOfBirth: form.dateOfBirth,
        email: form.email.trim(),
        password: password.password,
        locale: language,
      }),
    onSuccess: onDone,
  });

  const labels: Record<Field, string> = {
    practice: t('practice'),
    givenName: t('givenName'),
    familyName: t('familyName'),
    dateOfBirth: t('dateOfBirth'),
    email: ta('email'),
  };
  const placed = placeErrors(
    signUp.error,
    { ...labels, password: ta('password') },
    ta('checkField'),
  );
  const field = textFieldsOf(form, setForm, labels, placed.fields);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setChecked(true);
        if (!passwordsDiffer(password)) signUp.mutate();
      }}
    >
      <Stack>
        <Text size="sm">{ta('allRequired')}</Text>
        <TextInput {...field('practice')} description={t('practiceHint')} autoComplete="off" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...field('givenName')} autoComplete="given-name" />
          <TextInput {...field('familyName')} autoComplete="family-name" />
        </SimpleGrid>
        <TextInput {...field('dateOfBirth')} type="date" autoComplete="bday" />
        <TextInput {...field('email')} type="email" autoComplete="email" />
        <NewPasswordFields
          label={ta('password')}
          value={password}
          onChange={setPassword}
          error={placed.fields.password}
          checked={checked}
        />
        <Button type="submit" loading={signUp.isPending}>
          {t('createAccount')}
        </Button>
        <FormError error={placed.summary} />
      </Stack>
    </form>
  );
}
