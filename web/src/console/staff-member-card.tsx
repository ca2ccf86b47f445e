/**
 * One staff member on the staff page: name and email, whether they may open patient records
 * (and what is missing if not), the agreement they signed, their roles, and their licence.
 */
import { Divider, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { formatDate } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import type { StaffMember } from './staff-api';
import { StaffLicence } from './staff-licence';
import { staffMessages, type StaffMessageKey } from './staff-messages';
import { StaffRoles } from './staff-roles';

const CLINICAL = ['clinician', 'nurse'];

export function StaffMemberCard({ member }: { member: StaffMember }) {
  const t = useT(staffMessages);
  const locale = useLocale();
  const headingId = useId();
  const { clearance, lastAttestation } = member;
  const why = clearance.reasons
    .map((code) => {
      const key = `why_${code}`;
      return key in staffMessages.en ? t(key as StaffMessageKey) : code;
    })
    .join('; ');
  const clinical = member.roles.some((role) => CLINICAL.includes(role));

  return (
    <Paper withBorder p="md" component="article" aria-labelledby={headingId}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {member.displayName || member.email}
          </Title>
          <Text size="sm">
            {t('email')}: {member.email}
          </Text>
        </div>
        <Text size="sm">
          {clearance.patientData && clearance.reasons.length === 0
            ? t('cleared')
            : `${t('notCleared')} ${why}.`}
        </Text>
        <Text size="sm">
          {lastAttestation
            ? t('agreementSigned', {
                date: formatDate(lastAttestation.signedAt, locale),
                version: lastAttestation.version,
              })
            : t('agreementNever')}
        </Text>
        <Divider />
        <StaffRoles member={member} />
        {(clinical || member.licence) && (
          <>
            <Divider />
            <StaffLicence member={member} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
