/**
 * The patient search form: name, date of birth, MRN. The terms live in the page's state only
 * (never in the address bar), stay in the fields after a failed search, and each error is shown
 * on the field it is about.
 */
import { Button, Group, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';
import { consoleMessages } from './messages';

export interface SearchTerms {
  name: string;
  birthDate: string;
  mrn: string;
}

export const EMPTY_TERMS: SearchTerms = { name: '', birthDate: '', mrn: '' };

export function PatientSearchForm({
  fieldErrors,
  searching,
  onSearch,
  onClear,
}: {
  fieldErrors: Partial<Record<keyof SearchTerms, string>>;
  searching: boolean;
  onSearch: (terms: SearchTerms) => void;
  onClear: () => void;
}) {
  const t = useT(consoleMessages);
  const [terms, setTerms] = useState<SearchTerms>(EMPTY_TERMS);
  const set = (field: keyof SearchTerms) => (event: { currentTarget: HTMLInputElement }) => {
    const value = event.currentTarget.value;
    setTerms((current) => ({ ...current, [field]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({
      name: terms.name.trim(),
      birthDate: terms.birthDate.trim(),
      mrn: terms.mrn.trim(),
    });
  };

  return (
    <form onSubmit={submit} noValidate role="search" aria-label={t('searchTitle')}>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('name')}
          description={t('nameHint')}
          value={terms.name}
          onChange={set('name')}
          error={fieldErrors.name}
          autoComplete="off"
          maxLength={100}
        />
        <TextInput
          label={t('birthDate')}
          description={t('birthDateHint')}
          type="date"
          value={terms.birthDate}
          onChange={set('birthDate')}
          error={fieldErrors.birthDate}
          autoComplete="off"
        />
        <TextInput
          label={t('mrn')}
          description={t('mrnHint')}
          value={terms.mrn}
          onChange={set('mrn')}
          error={fieldErrors.mrn}
          autoComplete="off"
          maxLength={64}
        />
      </SimpleGrid>
      <Group mt="md">
        <Button type="submit" loading={searching}>
          {t('search')}
        </Button>
        <Button
          variant="default"
          onClick={() => {
            setTerms(EMPTY_TERMS);
            onClear();
          }}
        >
          {t('clear')}
        </Button>
      </Group>
    </form>
  );
}
