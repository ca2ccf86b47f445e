/**
 * /enrol: a patient makes their account with the activation code the front desk gave them.
 * Haven then signs them in with the password they chose, and the page leads them to add an
 * authenticator app on the security page.
 */
import { useState } from 'react';
import { PageTitle } from '../components/page-title';
import { useT } from '../i18n/i18n';
import { AppLayout } from '../layout/app-layout';
import { EnrolDone, type Enrolled } from './enrol-done';
import { EnrolForm } from './enrol-form';
import { enrolMessages } from './enrol-messages';

export function EnrolPage() {
  const t = useT(enrolMessages);
  const [enrolled, setEnrolled] = useState<Enrolled>();
  return (
    <AppLayout>
      <PageTitle>{enrolled ? t('readyTitle') : t('enrolTitle')}</PageTitle>
      {enrolled ? <EnrolDone enrolled={enrolled} /> : <EnrolForm onEnrolled={setEnrolled} />}
    </AppLayout>
  );
}
