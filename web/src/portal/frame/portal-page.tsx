/**
 * The frame of every portal page: signed in, the portal navigation, the whose-record banner,
 * the page title, and (for pages about a record) the open record, or a plain explanation
 * when there is none yet.
 */
import type { ReactNode } from 'react';
import { PageTitle } from '../../components/page-title';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { AppLayout } from '../../layout/app-layout';
import { RequireSignedIn } from '../../session/guards';
import { frameMessages } from './messages';
import { NoRecord } from './no-record';
import { OpenRecordContext } from './open-record';
import { RecordBanner } from './record-banner';
import { openRecordOf, useMyRecords } from './use-my-records';

function PortalFrame({
  title,
  needsRecord,
  children,
}: {
  title: string;
  needsRecord: boolean;
  children: ReactNode;
}) {
  const t = useT(frameMessages);
  const records = useMyRecords();
  const nav = [
    { to: '/portal', label: t('navHome') },
    { to: '/portal/results', label: t('navResults') },
    { to: '/portal/notes', label: t('navNotes') },
    { to: '/portal/messages', label: t('navMessages') },
    { to: '/portal/appointments', label: t('navAppointments') },
    { to: '/portal/forms', label: t('navForms') },
    { to: '/portal/billing', label: t('navBilling') },
    { to: '/portal/access', label: t('navAccess') },
    { to: '/portal/sharing', label: t('navSharing') },
    { to: '/portal/details', label: t('navDetails') },
    { to: '/portal/proxies', label: t('navProxies') },
    { to: '/security', label: t('navSecurity') },
  ];
  return (
    <AppLayout nav={nav} banner={<RecordBanner records={records.data} />}>
      <PageTitle>{title}</PageTitle>
      <QueryState query={records}>
        {(data) => {
          const open = openRecordOf(data);
          if (needsRecord && !open) return <NoRecord records={data} />;
          return <OpenRecordContext.Provider value={open}>{children}</OpenRecordContext.Provider>;
        }}
      </QueryState>
    </AppLayout>
  );
}

export function PortalPage({
  title,
  needsRecord = true,
  children,
}: {
  title: string;
  needsRecord?: boolean;
  children: ReactNode;
}) {
  return (
    <RequireSignedIn>
      <PortalFrame title={title} needsRecord={needsRecord}>
        {children}
      </PortalFrame>
    </RequireSignedIn>
  );
}
