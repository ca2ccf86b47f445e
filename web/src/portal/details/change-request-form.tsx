/**
 * Asking the practice to change the name, birth date or gender it holds: the fields start from
 * what it holds, the patient corrects what is wrong and says why. Only the fields the practice
 * lets patients ask about are shown. What was typed stays on any error; the form clears only
 * once the request is sent.
 */
import {
  Button,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../../components/form-error';
import { useT } from '../../i18n/i18n';
import { issueAt, summaryWithout } from '../frame/field-errors';
import {
  changeFieldsFrom,
  changeRequestFrom,
  MOST_REASON,
  type ChangeFields,
  type ChangeProblems,
} from './change-request-fields';
import { changeMessages } from './change-messages';
import {
  GENDERS,
  useAskForChange,
  type ChangeRequest,
  type Identity,
  type IdentityField,
} from './use-self-service';

const AT = {
  name: '/changes/name',
  givenNames: '/changes/name/givenNames',
  familyName: '/changes/name/familyName',
  birthDate: '/changes/birthDate',
  gender: '/changes/gender',
  reason: '/reason',
};

export function ChangeRequestForm({
  identity,
  asking,
  onSent,
}: {
  identity: Identity;
  asking: readonly IdentityField[];
  onSent: (request: ChangeRequest) => void;
}) {
  const t = useT(changeMessages);
  const ask = useAskForChange();
  const titleId = useId();
  const [fields, setFields] = useState<ChangeFields>(() => changeFieldsFrom(identity));
  const [problems, setProblems] = useState<ChangeProblems>({});
  const set =
    (key: keyof ChangeFields) =>
    (event: { currentTarget: { value: string } }): void => {
      const value = event.currentTarget.value;
      setFields((current) => ({ ...current, [key]: value }));
    };
  const problem = (key: keyof ChangeProblems) => {
    const found = problems[key];
    return found ? t(found) : undefined;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = changeRequestFrom(fields, identity, asking);
    if ('problems' in built) {
      setProblems(built.problems);
      return;
    }
    setProblems({});
    // The form gives way to "waiting" once sent: the promise still resolves.
    void ask.mutateAsync(built.body).then(
      (request) => {
        setFields(changeFieldsFrom(identity));
        onSent(request);
      },
      () => undefined,
    );
  };

  const error = ask.error;
  // The server's issues go on their fields ("Date of birth must be a real date in the past");
  // one about the whole name goes under both name fields.
  const nameIssue = issueAt(
    summaryWithout(error, AT.givenNames, AT.familyName),
    AT.name,
    undefined,
    t('name'),
  );
  return (
    <form onSubmit={submit} noValidate aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={titleId}>
          {t('formTitle')}
        </Title>
        <Text size="sm">{t('formIntro')}</Text>
        {asking.includes('name') && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('givenNames')}
              description={t('givenNamesHelp')}
              value={fields.givenNames}
              onChange={set('givenNames')}
              autoComplete="off"
              maxLength={200}
              error={
                problem('givenNames') ??
                issueAt(error, AT.givenNames, t('givenNamesMissing'), t('givenNames'))
              }
            />
            <TextInput
              label={t('familyName')}
              value={fields.familyName}
              onChange={set('familyName')}
              autoComplete="off"
              maxLength={100}
              error={
                problem('familyName') ??
                issueAt(error, AT.familyName, t('familyNameMissing'), t('familyName'))
              }
            />
          </SimpleGrid>
        )}
        {asking.includes('name') && nameIssue && (
          <Text c="red.9" size="sm" role="alert">
            {nameIssue}
          </Text>
        )}
        {asking.includes('birthDate') && (
          <TextInput
            label={t('birthDate')}
            type="date"
            value={fields.birthDate}
            onChange={set('birthDate')}
            autoComplete="off"
            maw={260}
            error={
              problem('birthDate') ??
              issueAt(error, AT.birthDate, t('birthDateInvalid'), t('birthDate'))
            }
          />
        )}
        {asking.includes('gender') && (
          <NativeSelect
            label={t('gender')}
            value={fields.gender}
            onChange={set('gender')}
            maw={260}
            data={[
              ...(identity.gender ? [] : [{ value: '', label: t('notRecorded') }]),
              ...GENDERS.map((g) => ({ value: g, label: t(`gender_${g}`) })),
            ]}
            error={issueAt(error, AT.gender, undefined, t('gender'))}
          />
        )}
        <Textarea
          label={t('reason')}
          description={t('reasonHelp')}
          required
          value={fields.reason}
          onChange={set('reason')}
          maxLength={MOST_REASON}
          autosize
          minRows={2}
          error={problem('reason') ?? issueAt(error, AT.reason, t('reasonMissing'), t('reason'))}
        />
        {problems.form && (
          <Text c="red.9" size="sm" role="alert">
            {problem('form')}
          </Text>
        )}
        <Button type="submit" loading={ask.isPending} w="fit-content">
          {t('send')}
        </Button>
      </Stack>
      <FormError
        error={summaryWithout(
          error,
          ...(asking.includes('name') ? [AT.name] : []),
          ...(asking.includes('birthDate') ? [AT.birthDate] : []),
          ...(asking.includes('gender') ? [AT.gender] : []),
          AT.reason,
        )}
      />
    </form>
  );
}
