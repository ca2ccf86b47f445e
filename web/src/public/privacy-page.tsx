import { PageTitle } from '../components/page-title';
import { AppLayout } from '../layout/app-layout';

export function PrivacyPage() {
  return (
    <AppLayout>
      <PageTitle>Privacy notice</PageTitle>
    </AppLayout>
  );
}
