import { PageTitle } from '../components/page-title';
import { AppLayout } from '../layout/app-layout';
import { RequireSignedIn } from '../session/guards';

export function HomePage() {
  return (
    <RequireSignedIn>
      <AppLayout>
        <PageTitle>My record</PageTitle>
      </AppLayout>
    </RequireSignedIn>
  );
}
