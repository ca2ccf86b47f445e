/**
 * The practice administrator's "Patient self-service" settings: for each group of contact
 * details whether patients change it themselves, and for name, birth date and gender whether
 * they may ask for a change. The choices stay as picked if saving fails.
 */
import {
  Button,
  Fieldset,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../components/form-error';
import { useT } from '../i18n/i18n';
import {
  CONTACT_GROUPS,
  IDENTITY_FIELDS,
  useSaveSelfServicePolicy,
  type SelfServicePolicy,
} from './self-service-api';
import { settingsMessages } from './settings-messages';

export function SelfServiceCard({ policy }: { policy: SelfServicePolicy }) {
  const t = useT(settingsMessages);
  const save = useSaveSelfServicePolicy();
  const titleId = useId();
  const [picked, setPicked] = useState<SelfServicePolicy>(policy);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(picked);
  };
  const contactOptions = [
    { value: 'self', label: t('mode_self') },
    { value: 'practice', label: t('mode_practice') },
  ];
  const identityOptions = [
    { value: 'request', label: t('mode_request') },
    { value: 'practice', label: t('mode_practiceOnly') },
  ];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h4" id={titleId}>
              {t('selfServiceTitle')}
            </Title>
            <Text size="sm">{t('selfServiceIntro')}</Text>
          </div>
          <Fieldset legend={t('contactLegend')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {CONTACT_GROUPS.map((group) => (
                <NativeSelect
                  key={group}
                  label={t(`group_${group}`)}
                  value={picked[group]}
                  data={contactOptions}
                  onChange={(e) => {
                    const value = e.currentTarget.value as SelfServicePolicy[typeof group];
                    setPicked((current) => ({ ...current, [group]: value }));
                  }}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={t('identityLegend')}>
            <Text size="sm" mb="xs">
              {t('identityHelp')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {IDENTITY_FIELDS.map((field) => (
                <NativeSelect
                  key={field}
                  label={t(`group_${field}`)}
                  value={picked[field]}
                  data={identityOptions}
                  onChange={(e) => {
                    const value = e.currentTarget.value as SelfServicePolicy[typeof field];
                    setPicked((current) => ({ ...current, [field]: value }));
                  }}
                />
              ))}
            </SimpleGrid>
          </Fieldset>
          <Button type="submit" loading={save.isPending} w="fit-content">
            {t('save')}
          </Button>
          <Text role="status" fw={600}>
            {save.isSuccess && !save.isPending ? t('saved') : ''}
          </Text>
          <FormError error={save.error} />
        </Stack>
      </form>
    </Paper>
  );
}
