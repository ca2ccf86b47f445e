/**
 * /security: everything about keeping one's own account safe, for patients and staff alike:
 * where it is signed in, recent sign-ins, the password, and the second steps of signing in.
 */
import { PageTitle } from '../components/page-title';
import { useT } from '../i18n/i18n';
import { AppLayout } from '../layout/app-layout';
import { RequireSignedIn } from '../session/guards';
import { MfaSection } from './mfa-section';
import { PasswordSection } from './password-section';
import { securityMessages } from './messages';
import { SessionsSection } from './sessions-section';
import { SignInHistorySection } from './sign-in-history-section';

export function SecurityPage() {
  const t = useT(securityMessages);
  return (
    <RequireSignedIn>
      <AppLayout>
        <PageTitle>{t('title')}</PageTitle>
        <SessionsSection />
        <SignInHistorySection />
        <PasswordSection />
        <MfaSection />
      </AppLayout>
    </RequireSignedIn>
  );
}
