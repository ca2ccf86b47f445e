/** A staff member's roles: each with a button to take it away, and a picker to add another. */
import { Badge, Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import { consoleMessages, type ConsoleMessageKey } from './messages';
import { ALL_ROLES, addRole, removeRole, useStaffChange, type StaffMember } from './staff-api';
import { staffMessages } from './staff-messages';

export function StaffRoles({ member }: { member: StaffMember }) {
  const t = useT(staffMessages);
  const tc = useT(consoleMessages);
  const roleWord = (role: string) => tc(`role_${role}` as ConsoleMessageKey);
  const add = useStaffChange(member.userId, addRole);
  const remove = useStaffChange(member.userId, removeRole);
  const missing = ALL_ROLES.filter((role) => !member.roles.includes(role));
  const [picked, setPicked] = useState<string | null>(null);
  const name = member.displayName || member.email;

  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('roles')}
      </Text>
      <Group gap="sm">
        {member.roles.map((role) => (
          <Group key={role} gap={4} wrap="nowrap">
            <Badge variant="outline" color="teal.9" size="lg">
              {roleWord(role)}
            </Badge>
            <Button
              size="compact-xs"
              variant="default"
              aria-label={t('removeRoleFor', { role: roleWord(role), name })}
              loading={remove.isPending && remove.variables === role}
              onClick={() => remove.mutate(role)}
            >
              {t('removeRole')}
            </Button>
          </Group>
        ))}
      </Group>
      {missing.length > 0 && (
        <Group align="flex-end" gap="sm">
          <Select
            label={t('addRole')}
            aria-label={t('addRoleFor', { name })}
            data={missing.map((role) => ({ value: role, label: roleWord(role) }))}
            value={picked}
            onChange={setPicked}
            w={240}
          />
          <Button
            variant="default"
            disabled={!picked}
            loading={add.isPending}
            onClick={() => picked && add.mutate(picked, { onSuccess: () => setPicked(null) })}
          >
            {t('addRoleButton')}
          </Button>
        </Group>
      )}
      <FormError error={remove.error ?? add.error} />
    </Stack>
  );
}
