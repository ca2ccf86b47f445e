/**
 * The details form. What the person typed stays in the fields on any error; half-filled groups
 * are named next to the group before sending, and the server's own refusals go on their fields.
 */
import { Button, Fieldset, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/form-error';
import { useT } from '../../i18n/i18n';
import { issueAt, summaryWithout } from '../frame/field-errors';
import { ContactFieldsets } from './contact-fieldsets';
import {
  detailsFrom,
  fieldsFrom,
  PHONE_USES,
  type DetailsFields,
  type FormProblem,
} from './details-form-state';
import { detailsMessages } from './messages';
import { useSaveOwnDetails, type OwnDetails } from './use-details';

export function DetailsForm({ details, readOnly }: { details: OwnDetails; readOnly: boolean }) {
  const t = useT(detailsMessages);
  const save = useSaveOwnDetails();
  const [fields, setFields] = useState<DetailsFields>(() => fieldsFrom(details));
  const [problem, setProblem] = useState<FormProblem | undefined>(undefined);
  const set = <K extends keyof DetailsFields>(key: K, value: DetailsFields[K]) => {
    setFields((current) => ({ ...current, [key]: value }));
  };
  const text = (
    key: 'email' | 'line1' | 'line2' | 'city' | 'state' | 'postalCode' | 'country',
  ) => ({
    value: fields[key],
    readOnly,
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = detailsFrom(fields);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setProblem(undefined);
    save.mutate(built.details);
  };

  const error = save.error;
  const contactIncomplete =
    problem && typeof problem === 'object' ? problem.contactIncomplete : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Fieldset legend={t('phones')}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {PHONE_USES.map((use) => (
              <TextInput
                key={use}
                label={t(use)}
                type="tel"
                description={t('phoneHelp')}
                value={fields.phones[use]}
                readOnly={readOnly}
                onChange={(e) => set('phones', { ...fields.phones, [use]: e.currentTarget.value })}
              />
            ))}
          </SimpleGrid>
          {issueAt(error, '/phones', t('badPhone')) && (
            <Text c="red.9" size="sm" mt="xs" role="alert">
              {issueAt(error, '/phones', t('badPhone'))}
            </Text>
          )}
        </Fieldset>
        <TextInput
          label={t('email')}
          type="email"
          {...text('email')}
          error={issueAt(error, '/email', t('badEmail'))}
        />
        <Fieldset legend={t('address')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('line1')} {...text('line1')} />
            <TextInput label={t('line2')} {...text('line2')} />
            <TextInput label={t('city')} {...text('city')} />
            <TextInput label={t('state')} {...text('state')} />
            <TextInput label={t('postalCode')} {...text('postalCode')} />
            <TextInput label={t('country')} {...text('country')} />
          </SimpleGrid>
          {(problem === 'addressIncomplete' || issueAt(error, '/address')) && (
            <Text c="red.9" size="sm" mt="xs" role="alert">
              {t('addressIncomplete')}
            </Text>
          )}
        </Fieldset>
        <Stack gap="xs">
          <Text fw={600}>{t('contacts')}</Text>
          <Text size="sm">{t('contactsIntro')}</Text>
          <ContactFieldsets
            contacts={fields.contacts}
            onChange={(contacts) => set('contacts', contacts)}
            readOnly={readOnly}
            incomplete={contactIncomplete}
          />
        </Stack>
        <NativeSelect
          label={t('language')}
          value={fields.language}
          disabled={readOnly}
          onChange={(e) => set('language', e.currentTarget.value)}
          data={[
            { value: '', label: t('languageNone') },
            { value: 'en', label: 'English' },
            { value: 'es', label: 'Español' },
          ]}
        />
        {!readOnly && (
          <div>
            <Button type="submit" loading={save.isPending}>
              {t('save')}
            </Button>
          </div>
        )}
        <Text role="status" fw={600}>
          {save.isSuccess && !save.isPending ? t('saved') : ''}
        </Text>
        <FormError error={summaryWithout(error, '/phones', '/email', '/address')} />
      </Stack>
    </form>
  );
}
