/**
 * Tells a staff member, in plain words, why they cannot open records yet (no signed
 * confidentiality agreement, no strong second factor, a licence not verified), and lets them
 * sign the agreement here. Says nothing when they are cleared.
 */
import { Alert, Anchor, List } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiGet } from '../api/client';
import { useT } from '../i18n/i18n';
import { AttestationPanel } from './attestation-panel';
import { consoleKey, practicePath, type Clearance } from './console-api';
import { consoleMessages, type ConsoleMessageKey } from './messages';
import { useConsolePractice } from './practice-context';

export function useClearance() {
  const { tenantId } = useConsolePractice();
  return useQuery({
    queryKey: consoleKey(tenantId, 'clearance'),
    queryFn: () => apiGet<Clearance>(`${practicePath(tenantId)}/me/clearance`),
    staleTime: 60_000,
  });
}

export function ClearanceNotice() {
  const t = useT(consoleMessages);
  const clearance = useClearance();
  const data = clearance.data;
  if (!data) return null;
  const clinicalRole = data.roles.some((role) => role === 'clinician' || role === 'nurse');
  const blocked = !data.patientData;
  if (!blocked && (!clinicalRole || data.clinicalAccess)) return null;
  const reason = (code: string) => {
    const key = `reason_${code}`;
    return key in consoleMessages.en ? t(key as ConsoleMessageKey) : code;
  };
  return (
    <Alert
      color="red.9"
      variant="outline"
      title={blocked ? t('notClearedTitle') : t('notClinicalTitle')}
      mb="lg"
    >
      <List size="sm">
        {data.reasons.map((code) => (
          <List.Item key={code}>{reason(code)}</List.Item>
        ))}
      </List>
      {data.reasons.includes('no_mfa') && (
        <Anchor component={Link} to="/security" size="sm" mt="xs" display="inline-block">
          {t('goToSecurity')}
        </Anchor>
      )}
      {data.reasons.includes('no_attestation') && <AttestationPanel />}
    </Alert>
  );
}
