/** The ways in besides a password: reset it, activate with a code, or sign up. */
import { Anchor, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n';
import { authMessages } from './messages';

export function AuthLinks() {
  const t = useT(authMessages);
  return (
    <Stack gap="xs" mt="xl" maw={440}>
      <Title order={2} size="h4">
        {t('otherWays')}
      </Title>
      <Anchor component={Link} to="/reset-password">
        {t('forgot')}
      </Anchor>
      <Anchor component={Link} to="/enrol">
        {t('haveCode')}
      </Anchor>
      <Anchor component={Link} to="/sign-up">
        {t('createAccount')}
      </Anchor>
    </Stack>
  );
}
