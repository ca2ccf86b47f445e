import { PageTitle } from '../components/page-title';
import { AppLayout } from '../layout/app-layout';

export function SignInPage() {
  return (
    <AppLayout>
      <PageTitle>Sign in</PageTitle>
    </AppLayout>
  );
}
