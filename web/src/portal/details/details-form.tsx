/**
 * The details form. What the person typed stays in the fields on any error; half-filled groups
 * are named next to the group before sending, and the server's own refusals go on their fields.
 * Groups the practice keeps (its self-service policy) are shown read-only with who changes
 * them, and are sent back as stored.
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
  withKeptGroups,
  type DetailsFields,
  type FormProblem,
} from './details-form-state';
import { detailsMessages } from './messages';
import { useSaveOwnDetails, type OwnDetails } from './use-details';
import type { ContactGroup, SelfServicePolicy } from './use-self-service';

const GROUPS: readonly ContactGroup[] = ['contact', 'address', 'emergencyContacts', 'language'];

/** "Your practice updates your address. Call them to change it.", under the group. */
function KeptNote({ children }: { children: string | undefined }) {
  if (!children) return null;
  return (
    <Text size="sm" fw={600} mb="xs">
      {children}
    </Text>
  );
}

export function DetailsForm({
  details,
  readOnly,
  policy,
}: {
  details: OwnDetails;
  readOnly: boolean;
  policy: SelfServicePolicy;
}) {
  const t = useT(detailsMessages);
  const save = useSaveOwnDetails();
  const kept = GROUPS.filter((group) => policy[group] === 'practice');
  const locked = (group: ContactGroup) => readOnly || kept.includes(group);
  const keptNote = (group: ContactGroup) =>
    !readOnly && kept.includes(group) ? t(`kept_${group}`) : undefined;
  const editable = !readOnly && kept.length < GROUPS.length;
  const [fields, setFields] = useState<DetailsFields>(() => fieldsFrom(details));
  const [problem, setProblem] = useState<FormProblem | undefined>(undefined);
  const set = <K extends keyof DetailsFields>(key: K, value: DetailsFields[K]) => {
    setFields((current) => ({ ...current, [key]: value }));
  };
  const text = (
    key: 'email' | 'line1' | 'line2' | 'city' | 'state' | 'postalCode' | 'country',
  ) => ({
    value: fields[key],
    readOnly: locked(key === 'email' ? 'contact' : 'address'),
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
    save.mutate(withKeptGroups(built.details, details, kept));
  };

  const error = save.error;
  // A refusal of a group the practice keeps (its policy changed while the page was open) is
  // said on the group: "Home address is changed by the practice only".
  const phoneIssue =
    issueAt(error, '/phones', t('badPhone')) ?? issueAt(error, '/contact', undefined, t('phones'));
  const addressIssue = issueAt(error, '/address', t('addressIncomplete'), t('address'));
  const contactsIssue = issueAt(error, '/emergencyContacts', t('contactIncomplete'), t('contacts'));
  const contactIncomplete =
    problem && typeof problem === 'object' ? problem.contactIncomplete : undefined;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Fieldset legend={t('phones')}>
          <KeptNote>{keptNote('contact')}</KeptNote>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {PHONE_USES.map((use) => (
              <TextInput
                key={use}
                label={t(use)}
                type="tel"
                description={t('phoneHelp')}
                value={fields.phones[use]}
                readOnly={locked('contact')}
                onChange={(e) => set('phones', { ...fields.phones, [use]: e.currentTarget.value })}
              />
            ))}
          </SimpleGrid>
          {phoneIssue && (
            <Text c="red.9" size="sm" mt="xs" role="alert">
              {phoneIssue}
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
          <KeptNote>{keptNote('address')}</KeptNote>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('line1')} {...text('line1')} />
            <TextInput label={t('line2')} {...text('line2')} />
            <TextInput label={t('city')} {...text('city')} />
            <TextInput label={t('state')} {...text('state')} />
            <TextInput label={t('postalCode')} {...text('postalCode')} />
            <TextInput label={t('country')} {...text('country')} />
          </SimpleGrid>
          {(problem === 'addressIncomplete' || addressIssue) && (
            <Text c="red.9" size="sm" mt="xs" role="alert">
              {problem === 'addressIncomplete' ? t('addressIncomplete') : addressIssue}
            </Text>
          )}
        </Fieldset>
        <Stack gap="xs">
          <Text fw={600}>{t('contacts')}</Text>
          <Text size="sm">{t('contactsIntro')}</Text>
          <KeptNote>{keptNote('emergencyContacts')}</KeptNote>
          {locked('emergencyContacts') && fields.contacts.length === 0 && (
            <Text size="sm">{t('noContacts')}</Text>
          )}
          <ContactFieldsets
            contacts={fields.contacts}
            onChange={(contacts) => set('contacts', contacts)}
            readOnly={locked('emergencyContacts')}
            incomplete={contactIncomplete}
          />
          {contactsIssue && (
            <Text c="red.9" size="sm" role="alert">
              {contactsIssue}
            </Text>
          )}
        </Stack>
        <NativeSelect
          label={t('language')}
          value={fields.language}
          disabled={locked('language')}
          description={keptNote('language')}
          error={issueAt(error, ['/language', '/preferredLanguage'], undefined, t('language'))}
          onChange={(e) => set('language', e.currentTarget.value)}
          data={[
            { value: '', label: t('languageNone') },
            { value: 'en', label: 'English' },
            { value: 'es', label: 'Español' },
          ]}
        />
        {editable && (
          <div>
            <Button type="submit" loading={save.isPending}>
              {t('save')}
            </Button>
          </div>
        )}
        <Text role="status" fw={600}>
          {save.isSuccess && !save.isPending ? t('saved') : ''}
        </Text>
        <FormError
          error={summaryWithout(
            error,
            '/phones',
            '/contact',
            '/email',
            '/address',
            '/emergencyContacts',
            '/language',
            '/preferredLanguage',
          )}
        />
      </Stack>
    </form>
  );
}
