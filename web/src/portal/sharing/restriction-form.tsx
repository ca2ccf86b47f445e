/**
 * Asking the practice for a restriction: which kinds of information, kept from whom, and
 * why. What was typed stays after a failed submit; the form clears only once it is sent.
 */
import { Button, Checkbox, Select, SimpleGrid, Stack, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/form-error';
import { useT } from '../../i18n/i18n';
import { accessWords, type AccessWordKey } from '../access/access-words';
import { issueAt, summaryWithout } from '../frame/field-errors';
import { restrictionMessages, type RestrictionMessageKey } from './restriction-messages';
import { RECORD_PARTS, SENSITIVE, STAFF_ROLES, useRequestRestriction } from './use-restrictions';

const EVERYONE = 'all';
const EMPTY = { categories: [] as string[], role: EVERYONE, reason: '' };

export function RestrictionForm({ onSent }: { onSent: (announcement: string) => void }) {
  const t = useT(restrictionMessages);
  const roles = useT(accessWords);
  const request = useRequestRestriction();
  const [form, setForm] = useState(EMPTY);
  const [missing, setMissing] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.categories.length === 0) {
      setMissing(t('pickSomething'));
      return;
    }
    setMissing(undefined);
    request.mutate(
      {
        categories: form.categories,
        ...(form.role !== EVERYONE ? { appliesToRole: form.role } : {}),
        ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
      },
      {
        onSuccess: () => {
          setForm(EMPTY);
          onSent(t('sent'));
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('formTitle')}
        </Title>
        <Checkbox.Group
          label={t('whatLabel')}
          value={form.categories}
          onChange={(categories) => setForm({ ...form, categories })}
          error={missing ?? issueAt(request.error, '/categories')}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
            {[...SENSITIVE, ...RECORD_PARTS].map((code) => (
              <Checkbox key={code} value={code} label={t(`cat_${code}` as RestrictionMessageKey)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Select
          label={t('whoLabel')}
          data={[
            { value: EVERYONE, label: t('everyone') },
            ...STAFF_ROLES.map((role) => ({
              value: role,
              label: roles(`role_${role}` as AccessWordKey),
            })),
          ]}
          value={form.role}
          onChange={(role) => setForm({ ...form, role: role ?? EVERYONE })}
          allowDeselect={false}
          maw={360}
          error={issueAt(request.error, '/appliesToRole')}
        />
        <Textarea
          label={t('reasonLabel')}
          value={form.reason}
          onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          maxLength={2000}
          autosize
          minRows={2}
          error={issueAt(request.error, '/reason')}
        />
        <Button type="submit" loading={request.isPending} w="fit-content">
          {t('send')}
        </Button>
      </Stack>
      <FormError
        error={summaryWithout(request.error, '/categories', '/appliesToRole', '/reason')}
      />
    </form>
  );
}
