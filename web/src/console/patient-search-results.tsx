/**
 * The patients a search found: name (a link to the chart), date of birth, sex and MRN, and for
 * roles that may issue them, a button to create an activation code. The count is announced.
 */
import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import { ActivationCodeButton } from './activation-code-button';
import { ACTIVATION_ROLES, holdsAny, type PatientSearchAnswer } from './console-api';
import { consoleMessages, type ConsoleMessageKey } from './messages';
import { useConsolePractice } from './practice-context';

export function genderWord(gender: string | undefined, t: (key: ConsoleMessageKey) => string) {
  if (!gender) return '';
  const key = `gender_${gender}`;
  return key in consoleMessages.en ? t(key as ConsoleMessageKey) : gender;
}

export function PatientSearchResults({ answer }: { answer: PatientSearchAnswer }) {
  const t = useT(consoleMessages);
  const locale = useLocale();
  const { roles } = useConsolePractice();
  const canIssue = holdsAny(roles, ACTIVATION_ROLES);
  const { patients, more } = answer;
  const count =
    patients.length === 1 ? t('resultsOne') : t('resultsCount', { count: patients.length });

  return (
    <Stack gap="sm" component="section" aria-labelledby="search-results-title">
      <Title order={2} id="search-results-title">
        {t('resultsTitle')}
      </Title>
      <Text role="status">{patients.length === 0 ? t('noResults') : count}</Text>
      {more && <Text>{t('moreResults')}</Text>}
      {patients.length > 0 && (
        <Table.ScrollContainer minWidth={620}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('colName')}</Table.Th>
                <Table.Th scope="col">{t('colBirthDate')}</Table.Th>
                <Table.Th scope="col">{t('colGender')}</Table.Th>
                <Table.Th scope="col">{t('colMrn')}</Table.Th>
                {canIssue && <Table.Th scope="col">{t('colActions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {patients.map((patient) => (
                <Table.Tr key={patient.id}>
                  <Table.Th scope="row" fw={500}>
                    <Anchor component={Link} to={`/console/patients/${patient.id}`}>
                      {patient.name || patient.id}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{formatDate(patient.birthDate, locale)}</Table.Td>
                  <Table.Td>{genderWord(patient.gender, t)}</Table.Td>
                  <Table.Td>{patient.mrn ?? ''}</Table.Td>
                  {canIssue && (
                    <Table.Td>
                      <ActivationCodeButton patientId={patient.id} patientName={patient.name} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
