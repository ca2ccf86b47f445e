/**
 * Sharing with a named outside provider: their name, the identifier they gave, and an
 * optional end date. What was typed stays after a failed submit; errors sit on their fields.
 */
import { Button, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/form-error';
import { useT } from '../../i18n/i18n';
import { issueAt, summaryWithout } from '../frame/field-errors';
import { sharingMessages } from './messages';
import { useGrantConsent } from './use-consents';

const EMPTY = { name: '', id: '', end: '' };

export function ProviderGrantForm({ onGranted }: { onGranted: () => void }) {
  const t = useT(sharingMessages);
  const grant = useGrantConsent();
  const [form, setForm] = useState(EMPTY);
  const [missing, setMissing] = useState<{ name?: string; id?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = form.name.trim();
    const id = form.id.trim();
    const problems = {
      ...(name ? {} : { name: t('nameRequired') }),
      ...(id ? {} : { id: t('idRequired') }),
    };
    setMissing(problems);
    if (!name || !id) return;
    grant.mutate(
      {
        kind: 'share_with_provider',
        grantee: { id, name },
        ...(form.end ? { period: { end: new Date(`${form.end}T23:59:59`).toISOString() } } : {}),
      },
      {
        onSuccess: () => {
          setForm(EMPTY);
          onGranted();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <TextInput
          label={t('providerName')}
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          error={missing.name ?? issueAt(grant.error, '/grantee/name', t('nameRequired'))}
          maxLength={200}
        />
        <TextInput
          label={t('providerId')}
          description={t('providerIdHint')}
          value={form.id}
          onChange={(e) => setForm({ ...form, id: e.currentTarget.value })}
          error={missing.id ?? issueAt(grant.error, ['/grantee/id', '/grantee'], t('idInvalid'))}
          maxLength={200}
        />
        <TextInput
          type="date"
          label={t('endDate')}
          description={t('endDateHint')}
          value={form.end}
          onChange={(e) => setForm({ ...form, end: e.currentTarget.value })}
          error={issueAt(grant.error, '/period')}
        />
        <Button type="submit" loading={grant.isPending} w="fit-content">
          {t('shareWithProvider')}
        </Button>
      </Stack>
      <FormError error={summaryWithout(grant.error, '/grantee', '/period')} />
    </form>
  );
}
