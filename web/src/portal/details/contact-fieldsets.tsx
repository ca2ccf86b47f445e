/** The emergency contacts part of the details form: up to three, each its own fieldset. */
import { Button, Fieldset, Group, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useT } from '../../i18n/i18n';
import type { ContactFields } from './details-form-state';
import { detailsMessages } from './messages';

const MOST = 3;

export function ContactFieldsets({
  contacts,
  onChange,
  readOnly,
  incomplete,
}: {
  contacts: ContactFields[];
  onChange: (contacts: ContactFields[]) => void;
  readOnly: boolean;
  incomplete: number | undefined;
}) {
  const t = useT(detailsMessages);
  const set = (index: number, key: keyof ContactFields, value: string) =>
    onChange(contacts.map((c, i) => (i === index ? { ...c, [key]: value } : c)));
  return (
    <>
      {contacts.map((contact, index) => (
        <Fieldset key={index} legend={t('contactLegend', { n: index + 1 })}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('contactName')}
              value={contact.name}
              readOnly={readOnly}
              onChange={(e) => set(index, 'name', e.currentTarget.value)}
            />
            <TextInput
              label={t('contactRelationship')}
              value={contact.relationship}
              readOnly={readOnly}
              onChange={(e) => set(index, 'relationship', e.currentTarget.value)}
            />
            <TextInput
              label={t('contactPhone')}
              type="tel"
              value={contact.phone}
              readOnly={readOnly}
              onChange={(e) => set(index, 'phone', e.currentTarget.value)}
            />
          </SimpleGrid>
          {incomplete === index && (
            <Text c="red.9" size="sm" mt="xs" role="alert">
              {t('contactIncomplete')}
            </Text>
          )}
          {!readOnly && (
            <Group mt="xs">
              <Button
                variant="default"
                size="xs"
                onClick={() => onChange(contacts.filter((_, i) => i !== index))}
              >
                {t('removeContact', { n: index + 1 })}
              </Button>
            </Group>
          )}
        </Fieldset>
      ))}
      {!readOnly && contacts.length < MOST && (
        <Group>
          <Button
            variant="default"
            onClick={() => onChange([...contacts, { name: '', relationship: '', phone: '' }])}
          >
            {t('addContact')}
          </Button>
        </Group>
      )}
    </>
  );
}
