/**
 * When new results appear (GET/PUT /api/me/record/result-release): by default at once; the
 * patient may choose kinds of results to see only after a wait. Proxies cannot choose this
 * for someone else, and are told so.
 */
import { Button, Checkbox, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, apiGet, apiPut } from '../../api/client';
import { FormError } from '../../components/form-error';
import { QueryState } from '../../components/query-state';
import { useT } from '../../i18n/i18n';
import { issueAt, summaryWithout } from '../frame/field-errors';
import { recordKey, useOpenRecord } from '../frame/open-record';
import { restrictionMessages, type RestrictionMessageKey } from './restriction-messages';

interface Preference {
  categories: string[];
  codes: string[];
  delayHours: number;
}

const KINDS = ['PAT', 'SP', 'CP', 'GE', 'RAD', 'CT'] as const;
const DELAYS = ['24', '72', '168', '336'] as const;

function ReleaseForm({ saved, onSaved }: { saved: Preference; onSaved: (text: string) => void }) {
  const t = useT(restrictionMessages);
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  const [categories, setCategories] = useState(saved.categories);
  const [delay, setDelay] = useState(saved.delayHours > 0 ? String(saved.delayHours) : '72');
  const save = useMutation({
    mutationFn: (body: Preference) => apiPut<Preference>('/api/me/record/result-release', body),
    onSuccess: async () => {
      onSaved(t('releaseSaved'));
      await queryClient.invalidateQueries({ queryKey: recordKey(record, 'result-release') });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSaved('');
    save.mutate({ categories, codes: saved.codes, delayHours: Number(delay) });
  };
  const delayOptions: { value: string; label: string }[] = DELAYS.map((d) => ({
    value: d,
    label: t(`delay_${d}`),
  }));
  if (!DELAYS.some((d) => d === delay)) delayOptions.push({ value: delay, label: `${delay} h` });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {saved.categories.length === 0 && saved.codes.length === 0 && (
          <Text>{t('releaseNow')}</Text>
        )}
        <Checkbox.Group
          label={t('releaseKinds')}
          value={categories}
          onChange={setCategories}
          error={issueAt(save.error, '/categories')}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
            {KINDS.map((kind) => (
              <Checkbox
                key={kind}
                value={kind}
                label={t(`release_${kind}` as RestrictionMessageKey)}
              />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Select
          label={t('releaseDelay')}
          data={delayOptions}
          value={delay}
          onChange={(value) => setDelay(value ?? '72')}
          allowDeselect={false}
          maw={240}
          error={issueAt(save.error, '/delayHours')}
        />
        <Button type="submit" loading={save.isPending} w="fit-content">
          {t('releaseSave')}
        </Button>
      </Stack>
      <FormError error={summaryWithout(save.error, '/categories', '/delayHours')} />
    </form>
  );
}

export function ResultReleaseSection() {
  const t = useT(restrictionMessages);
  const record = useOpenRecord();
  const query = useQuery({
    queryKey: recordKey(record, 'result-release'),
    queryFn: () => apiGet<Preference>('/api/me/record/result-release'),
    retry: false,
  });
  const [announcement, setAnnouncement] = useState('');
  const forbidden = query.error instanceof ApiError && query.error.status === 403;
  return (
    <Stack gap="sm" component="section">
      <Title order={2}>{t('release')}</Title>
      <Text>{t('releaseIntro')}</Text>
      {forbidden ? (
        <Text>{t('releaseOwnOnly')}</Text>
      ) : (
        <QueryState query={query}>
          {(saved) => (
            <ReleaseForm key={JSON.stringify(saved)} saved={saved} onSaved={setAnnouncement} />
          )}
        </QueryState>
      )}
      <Text role="status" fw={600}>
        {announcement}
      </Text>
    </Stack>
  );
}
