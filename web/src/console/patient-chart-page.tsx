/**
 * /console/patients/:patientId: one patient's chart through the access gate. Staff see who
 * the patient is; clinicians and nurses on the care team see the chart. A clinician outside it
 * is offered break-the-glass, and while that access runs a banner says when it ends.
 */
import { Alert, Anchor, Stack, Text } from '@mantine/core';
import type { Patient } from '@medplum/fhirtypes';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { QueryState } from '../components/query-state';
import { useT } from '../i18n/i18n';
import { useSession } from '../session/session';
import { ActivationCodeButton } from './activation-code-button';
import { BreakGlassBanner } from './break-glass-banner';
import { BreakGlassForm } from './break-glass-form';
import { chartMessages } from './chart-messages';
import { ChartView } from './chart-view';
import { useClearance } from './clearance-notice';
import { ACTIVATION_ROLES, BILLING_ROLES, CLINICAL_ROLES, holdsAny } from './console-api';
import { ConsoleLayout } from './console-layout';
import { PatientHeader, patientName } from './patient-header';
import { PatientStatements } from './patient-statements';
import { useConsolePractice } from './practice-context';
import { useBreakGlassStatus, useCareTeam, useChartRecords } from './use-chart';

function NotFound() {
  const t = useT(chartMessages);
  return (
    <Stack gap="sm">
      <Text>{t('notFound')}</Text>
      <Anchor component={Link} to="/console">
        {t('backToSearch')}
      </Anchor>
    </Stack>
  );
}

export function PatientChartPage() {
  const t = useT(chartMessages);
  const { patientId = '' } = useParams();
  const { roles } = useConsolePractice();
  const { me } = useSession();
  const clearance = useClearance();
  // A clinical role opens clinical data only once cleared for it (a verified licence).
  const clinical = holdsAny(roles, CLINICAL_ROLES) && clearance.data?.clinicalAccess === true;
  const records = useChartRecords(patientId);
  const careTeam = useCareTeam(patientId, clinical);
  const glass = useBreakGlassStatus(patientId, clinical);
  const grant = glass.data?.active ? glass.data : undefined;
  const inCare = careTeam.data?.some((member) => member.userId === me?.userId) ?? false;
  const hidden = records.error instanceof ApiError && records.error.status === 404;
  const needsGlass = clinical && glass.isSuccess && !grant && careTeam.isSuccess && !inCare;
  const showChart = clinical && (inCare || grant !== undefined);

  return (
    <ConsoleLayout
      title={t('title')}
      banner={grant && <BreakGlassBanner patientId={patientId} grant={grant} />}
    >
      {hidden ? (
        <NotFound />
      ) : (
        <QueryState query={records}>
          {(resources) => {
            const patient = resources.find((r): r is Patient => r.resourceType === 'Patient');
            if (!patient) return <NotFound />;
            const actions = holdsAny(roles, ACTIVATION_ROLES) && (
              <ActivationCodeButton patientId={patientId} patientName={patientName(patient)} />
            );
            return (
              <>
                <PatientHeader patient={patient} actions={actions} />
                {clearance.isSuccess && !clinical && <Text>{t('adminOnly')}</Text>}
                {needsGlass && (
                  <Stack gap="md">
                    <Alert color="blue.9" variant="outline" title={t('notInCareTitle')} role="note">
                      {t('notInCareBody')}
                    </Alert>
                    <BreakGlassForm patientId={patientId} />
                  </Stack>
                )}
                {showChart && <ChartView patientId={patientId} resources={resources} />}
                {holdsAny(roles, BILLING_ROLES) && <PatientStatements patientId={patientId} />}
              </>
            );
          }}
        </QueryState>
      )}
    </ConsoleLayout>
  );
}
