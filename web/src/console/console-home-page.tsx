/**
 * /console: find a patient by name, date of birth or MRN, then open their chart or give them an
 * activation code. The search runs through the access gate on the server (each search is
 * audited); its terms stay in this page's memory and never reach the address bar.
 */
import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, apiGet } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { consoleKey, practicePath, type PatientSearchAnswer } from './console-api';
import { ConsoleLayout } from './console-layout';
import { consoleMessages } from './messages';
import { PatientSearchForm, type SearchTerms } from './patient-search-form';
import { PatientSearchResults } from './patient-search-results';
import { useConsolePractice } from './practice-context';

type FieldErrors = Partial<Record<keyof SearchTerms, string>>;

function searchQuery(terms: SearchTerms): string {
  const params = new URLSearchParams();
  for (const key of ['name', 'birthDate', 'mrn'] as const) {
    if (terms[key]) params.set(key, terms[key]);
  }
  return params.toString();
}

export function ConsoleHomePage() {
  const t = useT(consoleMessages);
  const { tenantId } = useConsolePractice();
  const [terms, setTerms] = useState<SearchTerms | undefined>(undefined);
  const [localError, setLocalError] = useState<string | undefined>(undefined);
  const search = useQuery({
    queryKey: consoleKey(tenantId, 'patient-search', terms),
    queryFn: () =>
      apiGet<PatientSearchAnswer>(
        `${practicePath(tenantId)}/patients?${searchQuery(terms as SearchTerms)}`,
      ),
    enabled: terms !== undefined,
    retry: false,
  });

  const onSearch = (next: SearchTerms) => {
    if (!next.name && !next.birthDate && !next.mrn) {
      setLocalError(t('needOneTerm'));
      setTerms(undefined);
      return;
    }
    setLocalError(undefined);
    if (JSON.stringify(next) === JSON.stringify(terms)) void search.refetch();
    else setTerms(next);
  };

  const fieldErrors: FieldErrors = {};
  let summary: unknown = search.error;
  if (search.error instanceof ApiError) {
    const { status, code, message, issues } = search.error;
    const words = {
      name: 'nameInvalid',
      birthDate: 'birthDateInvalid',
      mrn: 'mrnInvalid',
    } as const;
    const rest = issues.filter((issue) => {
      const field = issue.location?.replace(/^querystring\/?/, '') ?? '';
      if (!(field in words)) return true;
      fieldErrors[field as keyof FieldErrors] = t(words[field as keyof typeof words]);
      return false;
    });
    summary = new ApiError(status, code, message, rest);
  }

  return (
    <ConsoleLayout title={t('searchTitle')}>
      <Stack gap="lg">
        <Text>{t('searchIntro')}</Text>
        <div>
          <PatientSearchForm
            fieldErrors={fieldErrors}
            searching={search.isFetching}
            onSearch={onSearch}
            onClear={() => {
              setTerms(undefined);
              setLocalError(undefined);
            }}
          />
          <FormError error={localError ? new Error(localError) : summary} />
        </div>
        {search.data && <PatientSearchResults answer={search.data} />}
      </Stack>
    </ConsoleLayout>
  );
}
