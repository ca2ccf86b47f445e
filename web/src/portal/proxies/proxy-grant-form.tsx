/**
 * Giving someone proxy access to my record: their account's email, how they are related,
 * what they can do, and an optional end date. What was typed stays after a failed submit.
 */
import { Button, Checkbox, Group, Select, Stack, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/form-error';
import { useT } from '../../i18n/i18n';
import { issueAt, summaryWithout } from '../frame/field-errors';
import { proxiesMessages } from './messages';
import { RELATIONSHIPS, SCOPES, useGrantProxy, type GrantRequest } from './use-proxies';

type Relationship = GrantRequest['relationship'];

export function ProxyGrantForm({
  practices,
  onGranted,
}: {
  practices: { tenantId: string; practiceName: string }[];
  onGranted: (text: string) => void;
}) {
  const t = useT(proxiesMessages);
  const grant = useGrantProxy();
  const empty = {
    tenantId: practices[0]?.tenantId ?? '',
    email: '',
    relationship: 'caregiver' as Relationship,
    scopes: ['read'] as string[],
    expires: '',
  };
  const [form, setForm] = useState(empty);
  const [missing, setMissing] = useState<{ email?: string; scopes?: string }>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const email = form.email.trim();
    const problems = {
      ...(email ? {} : { email: t('emailRequired') }),
      ...(form.scopes.length > 0 ? {} : { scopes: t('scopesRequired') }),
    };
    setMissing(problems);
    if (problems.email || problems.scopes) return;
    grant.mutate(
      {
        tenantId: form.tenantId,
        proxyEmail: email,
        relationship: form.relationship,
        scopes: form.scopes,
        ...(form.expires ? { expiresAt: new Date(`${form.expires}T23:59:59`).toISOString() } : {}),
      },
      {
        onSuccess: (created) => {
          setForm(empty);
          onGranted(t('granted', { name: created.proxyDisplayName }));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={480}>
        <Title order={3} size="h4">
          {t('grantTitle')}
        </Title>
        {practices.length > 1 && (
          <Select
            label={t('practiceLabel')}
            data={practices.map((p) => ({ value: p.tenantId, label: p.practiceName }))}
            value={form.tenantId}
            onChange={(tenantId) => setForm({ ...form, tenantId: tenantId ?? form.tenantId })}
            allowDeselect={false}
          />
        )}
        <TextInput
          type="email"
          label={t('emailLabel')}
          description={t('emailHint')}
          autoComplete="off"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          error={missing.email ?? issueAt(grant.error, '/proxyEmail', t('emailInvalid'))}
          maxLength={254}
        />
        <Select
          label={t('relationshipLabel')}
          data={RELATIONSHIPS.map((r) => ({ value: r, label: t(`rel_${r}`) }))}
          value={form.relationship}
          onChange={(r) => setForm({ ...form, relationship: (r as Relationship) ?? 'caregiver' })}
          allowDeselect={false}
        />
        <Checkbox.Group
          label={t('scopesLabel')}
          value={form.scopes}
          onChange={(scopes) => setForm({ ...form, scopes })}
          error={missing.scopes ?? issueAt(grant.error, '/scopes')}
        >
          <Group mt="xs" gap="md">
            {SCOPES.map((scope) => (
              <Checkbox key={scope} value={scope} label={t(`scope_${scope}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <TextInput
          type="date"
          label={t('expiresLabel')}
          description={t('expiresHint')}
          value={form.expires}
          onChange={(e) => setForm({ ...form, expires: e.currentTarget.value })}
          error={issueAt(grant.error, '/expiresAt')}
        />
        <Button type="submit" loading={grant.isPending} w="fit-content">
          {t('grant')}
        </Button>
      </Stack>
      <FormError error={summaryWithout(grant.error, '/proxyEmail', '/scopes', '/expiresAt')} />
    </form>
  );
}
