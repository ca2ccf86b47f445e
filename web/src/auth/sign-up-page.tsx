/**
 * /sign-up: anyone 13 or over makes an account themselves. It shows nothing from a record
 * until the practice has checked a government ID, and the page says so before and after.
 */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageTitle } from '../components/page-title';
import { useT } from '../i18n/i18n';
import { AppLayout } from '../layout/app-layout';
import { enrolMessages } from './enrol-messages';
import { SignUpForm } from './sign-up-form';

export function SignUpPage() {
  const t = useT(enrolMessages);
  const [done, setDone] = useState(false);
  return (
    <AppLayout>
      <PageTitle>{done ? t('signUpDoneTitle') : t('signUpTitle')}</PageTitle>
      {done ? (
        <Stack maw={560}>
          <Text role="status">{t('signUpDone')}</Text>
          <Anchor component={Link} to="/sign-in">
            {t('signIn')}
          </Anchor>
        </Stack>
      ) : (
        <Stack maw={560}>
          <Text>{t('signUpIntro')}</Text>
          <SignUpForm onDone={() => setDone(true)} />
          <Group gap="lg">
            <Anchor component={Link} to="/enrol">
              {t('haveCodeInstead')}
            </Anchor>
            <Anchor component={Link} to="/sign-in">
              {t('signIn')}
            </Anchor>
          </Group>
        </Stack>
      )}
    </AppLayout>
  );
}
