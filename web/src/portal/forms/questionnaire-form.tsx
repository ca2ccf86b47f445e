/**
 * One of the practice's questionnaires as a form: each item as the field its type calls for
 * (yes/no and choices as radio groups, numbers with their bounds, text, dates), groups as
 * fieldsets. The server checks every answer again against the stored questionnaire; its
 * problems are put on the fields they are about.
 */
import {
  Button,
  Fieldset,
  Group,
  NumberInput,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { FormError } from '../../components/form-error';
import { useT } from '../../i18n/i18n';
import { summaryWithout } from '../frame/field-errors';
import { formsMessages } from './messages';
import { useSendAnswers, type AnswerValue } from './use-questionnaires';

type Answers = Record<string, AnswerValue>;

/**
 * The server's words about one answer. It names it by JSON pointer (`/answers/<linkId>`, `~` and
 * `/` escaped), matched here exactly: a linkId such as `1.1` is not the answer to `1`.
 */
function answerIssue(error: unknown, linkId: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const at = `/answers/${linkId.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const texts = error.issues.filter((issue) => issue.location === at).map((i) => i.message);
  return texts.length > 0 ? texts.join('; ') : undefined;
}

const bound = (item: QuestionnaireItem, name: 'minValue' | 'maxValue') => {
  const found = item.extension?.find(
    (e) => e.url === `http://hl7.org/fhir/StructureDefinition/${name}`,
  );
  return found?.valueInteger ?? found?.valueDecimal;
};

function ItemField({
  item,
  answers,
  setAnswer,
  error,
}: {
  item: QuestionnaireItem;
  answers: Answers;
  setAnswer: (linkId: string, value: AnswerValue | undefined) => void;
  error: unknown;
}) {
  const t = useT(formsMessages);
  const label = item.text ?? item.linkId;
  const common = {
    label,
    required: item.required === true,
    error: answerIssue(error, item.linkId),
  };
  const value = answers[item.linkId];
  switch (item.type) {
    case 'group':
      return (
        <Fieldset legend={label}>
          <Stack gap="sm">
            {(item.item ?? []).map((inner) => (
              <ItemField
                key={inner.linkId}
                item={inner}
                answers={answers}
                setAnswer={setAnswer}
                error={error}
              />
            ))}
          </Stack>
        </Fieldset>
      );
    case 'display':
      return <Text>{label}</Text>;
    case 'boolean':
      return (
        <Radio.Group
          {...common}
          value={value === true ? 'yes' : value === false ? 'no' : null}
          onChange={(v) => setAnswer(item.linkId, v === 'yes')}
        >
          <Group gap="lg" mt={4}>
            <Radio value="yes" label={t('yes')} />
            <Radio value="no" label={t('no')} />
          </Group>
        </Radio.Group>
      );
    case 'choice':
      return (
        <Radio.Group
          {...common}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => setAnswer(item.linkId, v)}
        >
          <Stack gap={6} mt={4}>
            {(item.answerOption ?? []).map((option) => {
              const code = option.valueCoding?.code ?? option.valueString ?? '';
              const text = option.valueCoding?.display ?? option.valueString ?? code;
              return <Radio key={code} value={code} label={text} />;
            })}
          </Stack>
        </Radio.Group>
      );
    case 'integer':
    case 'decimal':
      return (
        <NumberInput
          {...common}
          min={bound(item, 'minValue')}
          max={bound(item, 'maxValue')}
          allowDecimal={item.type === 'decimal'}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => setAnswer(item.linkId, typeof v === 'number' ? v : undefined)}
        />
      );
    case 'date':
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => setAnswer(item.linkId, e.currentTarget.value)}
        />
      );
    case 'text':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxLength={item.maxLength}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => setAnswer(item.linkId, e.currentTarget.value)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          maxLength={item.maxLength}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => setAnswer(item.linkId, e.currentTarget.value)}
        />
      );
  }
}

export function QuestionnaireForm({
  questionnaire,
  onSent,
  onCancel,
}: {
  questionnaire: Questionnaire;
  onSent: () => void;
  onCancel: () => void;
}) {
  const t = useT(formsMessages);
  const [answers, setAnswers] = useState<Answers>({});
  const send = useSendAnswers();
  const setAnswer = (linkId: string, value: AnswerValue | undefined) =>
    setAnswers((previous) => {
      const next = { ...previous };
      if (value === undefined || value === '') delete next[linkId];
      else next[linkId] = value;
      return next;
    });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        send.mutate(
          { questionnaireId: questionnaire.id ?? '', answers },
          { onSuccess: () => onSent() },
        );
      }}
    >
      <Stack gap="md">
        {questionnaire.description && <Text>{questionnaire.description}</Text>}
        {(questionnaire.item ?? []).map((item) => (
          <ItemField
            key={item.linkId}
            item={item}
            answers={answers}
            setAnswer={setAnswer}
            error={send.error}
          />
        ))}
        <FormError error={summaryWithout(send.error, '/answers')} />
        <Group>
          <Button type="submit" loading={send.isPending}>
            {t('send')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
