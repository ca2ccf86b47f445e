/**
 * The audit report's filter form: date range, person, patient, action and outcome. What is
 * typed stays in the form (and out of the address bar); a mistake is shown on its field and
 * nothing is applied until it is fixed.
 */
import { Button, Group, Paper, Select, SimpleGrid, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n';
import { auditMessages, type AuditMessageKey } from './audit-messages';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, NO_FILTERS, UUID, type AuditFilters } from './audit-query';

type Errors = Partial<Record<keyof AuditFilters, string>>;

export function AuditFilterForm({
  initial,
  onApply,
}: {
  /** The filters in force when the form is (re)built. */
  initial: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}) {
  const t = useT(auditMessages);
  const [draft, setDraft] = useState<AuditFilters>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const set = (field: keyof AuditFilters, value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const input = (field: keyof AuditFilters) => ({
    value: draft[field],
    onChange: (event: { currentTarget: HTMLInputElement }) => set(field, event.currentTarget.value),
    error: errors[field],
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    for (const field of ['userId', 'patientId'] as const) {
      const value = draft[field].trim();
      if (value && !UUID.test(value)) found[field] = t('idInvalid');
    }
    if (draft.from && draft.to && draft.from > draft.to) found.to = t('rangeInvalid');
    setErrors(found);
    if (Object.keys(found).length === 0) onApply(draft);
  };
  const options = (values: readonly string[], prefix: 'action' | 'outcome') => [
    { value: '', label: t('any') },
    ...values.map((v) => ({ value: v, label: t(`${prefix}_${v}` as AuditMessageKey) })),
  ];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="audit-filters-title">
      <Title order={2} size="h4" id="audit-filters-title" mb="sm">
        {t('filters')}
      </Title>
      <form onSubmit={submit} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <TextInput type="date" label={t('from')} {...input('from')} />
          <TextInput type="date" label={t('to')} {...input('to')} />
          <Select
            label={t('action')}
            data={options(AUDIT_ACTIONS, 'action')}
            value={draft.action}
            onChange={(value) => set('action', value ?? '')}
            allowDeselect={false}
          />
          <TextInput
            label={t('userId')}
            description={t('userIdHint')}
            autoComplete="off"
            {...input('userId')}
          />
          <TextInput label={t('patientId')} autoComplete="off" {...input('patientId')} />
          <Select
            label={t('outcome')}
            data={options(AUDIT_OUTCOMES, 'outcome')}
            value={draft.outcome}
            onChange={(value) => set('outcome', value ?? '')}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Group mt="md">
          <Button type="submit">{t('apply')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(NO_FILTERS);
              setErrors({});
              onApply(NO_FILTERS);
            }}
          >
            {t('clear')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
