/**
 * /console/staff: the practice administrator's view of the practice's staff (roles, licences,
 * clearance) and the form that gives a role to an existing account. Patients' activation codes
 * are created from the patient search and chart pages.
 */
import { Stack, Text } from '@mantine/core';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { ConsoleLayout } from './console-layout';
import { GrantRoleForm } from './grant-role-form';
import { useStaffList } from './staff-api';
import { StaffMemberCard } from './staff-member-card';
import { staffMessages } from './staff-messages';

export function StaffPage() {
  const t = useT(staffMessages);
  const staff = useStaffList();
  return (
    <ConsoleLayout title={t('title')}>
      <Stack gap="lg">
        <Text>{t('intro')}</Text>
        <QueryState query={staff}>
          {(members) => (
            <Stack gap="md">
              <Text role="status">
                {members.length === 1 ? t('countOne') : t('count', { count: members.length })}
              </Text>
              {members.map((member) => (
                <StaffMemberCard key={member.userId} member={member} />
              ))}
            </Stack>
          )}
        </QueryState>
        <GrantRoleForm />
      </Stack>
    </ConsoleLayout>
  );
}
