/**
 * /sign-in: the password, then (for accounts that have one) the second step, on one page.
 * The server's session stage decides which step shows, so a reload mid sign-in resumes at the
 * second step. Once signed in, the person goes to `?next=` (a path on this site) or home.
 */
import { Text } from '@mantine/core';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { apiPost, setCsrfToken } from '../api/client';
import { PageTitle } from '../components/page-title';
import { useT } from '../i18n/i18n';
import { AppLayout } from '../layout/app-layout';
import { useSession } from '../session/session';
import { AuthLinks } from './auth-links';
import { authMessages } from './messages';
import { PasswordStep } from './password-step';
import { safeNextPath } from './safe-next';
import { SecondFactorStep } from './second-factor-step';
import { ALL_SECOND_FACTORS, type SecondFactorName, type SignedInAnswer } from './sign-in-api';

export function SignInPage() {
  const t = useT(authMessages);
  const { loading, stage, refresh } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [factors, setFactors] = useState<SecondFactorName[]>();
  // An error from the second step that ended the half-signed-in session (too many wrong
  // codes): shown on the password step the person is sent back to.
  const [carried, setCarried] = useState<unknown>();

  if (!loading && stage === 'active') {
    return <Navigate to={safeNextPath(params.get('next'))} replace />;
  }

  const finish = async (answer: SignedInAnswer) => {
    setCsrfToken(answer.csrfToken);
    setFactors(answer.secondFactors);
    setCarried(undefined);
    await refresh();
  };

  const startOver = async () => {
    try {
      await apiPost('/api/auth/sign-out');
    } finally {
      setCsrfToken(undefined);
      setFactors(undefined);
      setCarried(undefined);
      await refresh();
    }
  };

  const secondStep = stage === 'mfa';
  return (
    <AppLayout>
      <PageTitle>{secondStep ? t('secondStepTitle') : t('signInTitle')}</PageTitle>
      {loading ? (
        <Text role="status" c="dimmed">
          {t('signingIn')}
        </Text>
      ) : secondStep ? (
        <SecondFactorStep
          factors={factors ?? ALL_SECOND_FACTORS}
          onDone={finish}
          onFailed={async (error) => {
            setCarried(error);
            await refresh();
          }}
          onStartOver={startOver}
        />
      ) : (
        <>
          <PasswordStep
            email={email}
            onEmailChange={setEmail}
            carriedError={carried}
            onDone={finish}
          />
          <AuthLinks />
        </>
      )}
    </AppLayout>
  );
}
