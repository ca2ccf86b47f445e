/**
 * The frame of every console page: the navigation this person's roles call for, the practice
 * picker when they work in several, the page's one h1, and a plain notice when they are not
 * cleared to open records. `banner` is for what must stay visible (emergency access).
 */
import { Select } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageTitle } from '../components/page-title';
import { useT } from '../i18n/i18n';
import { AppLayout, type NavItem } from '../layout/app-layout';
import { CHANGE_REQUEST_READERS } from './change-requests-api';
import { ClearanceNotice } from './clearance-notice';
import { MESSAGE_READERS } from './inbox-api';
import { holdsAny } from './console-api';
import { consoleMessages, type ConsoleMessageKey } from './messages';
import { useConsolePractice } from './practice-context';
import { SCHEDULE_READERS } from './schedule-api';

export function ConsoleLayout({
  title,
  banner,
  children,
}: {
  title: string;
  banner?: ReactNode;
  children: ReactNode;
}) {
  const t = useT(consoleMessages);
  const { tenantId, roles, practices, choose } = useConsolePractice();
  const nav: NavItem[] = [{ to: '/console', label: t('navPatients') }];
  if (holdsAny(roles, SCHEDULE_READERS)) {
    nav.push({ to: '/console/schedule', label: t('navSchedule') });
  }
  if (holdsAny(roles, MESSAGE_READERS)) {
    nav.push({ to: '/console/messages', label: t('navMessages') });
  }
  if (holdsAny(roles, CHANGE_REQUEST_READERS)) {
    nav.push({ to: '/console/change-requests', label: t('navChangeRequests') });
  }
  if (roles.includes('privacy_officer')) {
    nav.push({ to: '/console/break-glass-reviews', label: t('navReviews') });
    nav.push({ to: '/console/audit', label: t('navAudit') });
  }
  if (roles.includes('practice_admin')) {
    nav.push({ to: '/console/staff', label: t('navStaff') });
    nav.push({ to: '/console/settings', label: t('navSettings') });
  }
  nav.push({ to: '/security', label: t('navSecurity') });
  const roleWords = (list: string[]) =>
    list.map((role) => t(`role_${role}` as ConsoleMessageKey)).join(', ');

  return (
    <AppLayout nav={nav} banner={banner}>
      <PageTitle>{title}</PageTitle>
      {practices.length > 1 && (
        <Select
          label={t('practice')}
          data={practices.map((p, index) => ({
            value: p.tenantId,
            label: t('practiceOption', { n: index + 1, roles: roleWords(p.roles) }),
          }))}
          value={tenantId}
          onChange={(value) => value && choose(value)}
          allowDeselect={false}
          maw={420}
          mb="md"
        />
      )}
      <ClearanceNotice />
      {children}
    </AppLayout>
  );
}
