/**
 * After activation: the account is ready. A signed-in person is led to add an authenticator
 * app (the security page's setup, opened at its section); otherwise to sign in.
 */
import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n';
import { enrolMessages } from './enrol-messages';

export interface Enrolled {
  status: 'active' | 'pending_identity' | 'pending_guardian';
  signedIn: boolean;
}

export function EnrolDone({ enrolled }: { enrolled: Enrolled }) {
  const t = useT(enrolMessages);
  return (
    <Stack maw={560}>
      <Text role="status">{enrolled.signedIn ? t('signedIn') : t('notSignedIn')}</Text>
      {enrolled.status === 'pending_guardian' && <Alert color="blue">{t('guardianNeeded')}</Alert>}
      {enrolled.signedIn ? (
        <>
          <Title order={2}>{t('protectTitle')}</Title>
          <Text>{t('protectIntro')}</Text>
          <Group>
            <Button component={Link} to="/security#authenticator-app">
              {t('setUpTotp')}
            </Button>
            <Anchor component={Link} to="/">
              {t('goToRecord')}
            </Anchor>
          </Group>
        </>
      ) : (
        <Anchor component={Link} to="/sign-in">
          {t('signIn')}
        </Anchor>
      )}
    </Stack>
  );
}
