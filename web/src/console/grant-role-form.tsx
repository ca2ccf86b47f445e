/**
 * Giving a role in this practice to an account that already exists (one account per person,
 * across practices), by its account ID. The fields keep what was typed if it fails.
 */
import { Button, Group, Paper, Select, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiPost } from '../api/client';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { UUID } from './audit-query';
import { consoleKey, practicePath } from './console-api';
import { consoleMessages, type ConsoleMessageKey } from './messages';
import { useConsolePractice } from './practice-context';
import { ALL_ROLES } from './staff-api';
import { staffMessages } from './staff-messages';

export function GrantRoleForm() {
  const t = useT(staffMessages);
  const tc = useT(consoleMessages);
  const { tenantId } = useConsolePractice();
  const queryClient = useQueryClient();
  const [accountId, setAccountId] = useState('');
  const [role, setRole] = useState<string>('front_desk');
  const [badId, setBadId] = useState(false);
  const grant = useMutation({
    mutationFn: () =>
      apiPost(`${practicePath(tenantId)}/staff/${accountId.trim().toLowerCase()}/roles`, { role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: consoleKey(tenantId, 'staff') }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const invalid = !UUID.test(accountId.trim());
    setBadId(invalid);
    if (!invalid) grant.mutate();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="grant-role-title">
      <Title order={2} size="h4" id="grant-role-title">
        {t('grantTitle')}
      </Title>
      <Text size="sm" mb="sm">
        {t('grantIntro')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('accountId')}
            value={accountId}
            onChange={(e) => setAccountId(e.currentTarget.value)}
            error={badId ? t('accountIdInvalid') : undefined}
            autoComplete="off"
            w={{ base: '100%', sm: 380 }}
          />
          <Select
            label={t('addRole')}
            data={ALL_ROLES.map((r) => ({ value: r, label: tc(`role_${r}` as ConsoleMessageKey) }))}
            value={role}
            onChange={(value) => value && setRole(value)}
            allowDeselect={false}
            w={{ base: '100%', sm: 240 }}
          />
        </Group>
        <Button type="submit" mt="sm" loading={grant.isPending}>
          {t('grantButton')}
        </Button>
        {grant.isSuccess && (
          <Text role="status" size="sm" mt="xs">
            {t('granted')}
          </Text>
        )}
        <FormError error={grant.error} />
      </form>
    </Paper>
  );
}
