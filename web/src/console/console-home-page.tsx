import { PageTitle } from '../components/page-title';
import { AppLayout } from '../layout/app-layout';
import { RequireStaff } from '../session/guards';

export function ConsoleHomePage() {
  return (
    <RequireStaff>
      <AppLayout>
        <PageTitle>Staff console</PageTitle>
      </AppLayout>
    </RequireStaff>
  );
}
