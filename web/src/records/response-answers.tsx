/**
 * A QuestionnaireResponse as it reads: each question the patient answered and their answer, in
 * the questionnaire's order, groups under their own heading. The response carries its questions'
 * text, so it reads the same in the portal and the chart whatever became of the questionnaire.
 * Answers are text, never markup.
 */
import { Stack, Text } from '@mantine/core';
import type {
  Extension,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes';
import { formatDate } from '../components/dates';
import { useLocale, useT } from '../i18n/i18n';
import { recordsMessages } from './messages';

/** The title the response gives what it answers (R4 `display` extension on its canonical). */
export function questionnaireTitle(response: QuestionnaireResponse): string | undefined {
  // medplum's types leave out the `_field` siblings that carry a primitive's extensions.
  const element = (response as { _questionnaire?: { extension?: Extension[] } })._questionnaire;
  return element?.extension?.find(
    (e) => e.url === 'http://hl7.org/fhir/StructureDefinition/display',
  )?.valueString;
}

function useAnswerText(): (answer: QuestionnaireResponseItemAnswer) => string {
  const t = useT(recordsMessages);
  const locale = useLocale();
  return (answer) => {
    if (answer.valueBoolean !== undefined)
      return answer.valueBoolean ? t('answerYes') : t('answerNo');
    if (answer.valueDate) return formatDate(answer.valueDate, locale);
    if (answer.valueCoding) return answer.valueCoding.display ?? answer.valueCoding.code ?? '';
    const value = answer.valueString ?? answer.valueInteger ?? answer.valueDecimal;
    return value === undefined ? '' : String(value);
  };
}

export function ResponseAnswers({ items }: { items: readonly QuestionnaireResponseItem[] }) {
  const answerText = useAnswerText();
  return (
    <Stack gap={4} component="dl" m={0}>
      {items.map((item) =>
        item.item ? (
          <Stack gap={4} key={item.linkId}>
            <Text component="dt" fw={600} size="sm">
              {item.text ?? item.linkId}
            </Text>
            <Stack component="dd" m={0} pl="md" gap={4}>
              <ResponseAnswers items={item.item} />
            </Stack>
          </Stack>
        ) : (
          <Stack gap={0} key={item.linkId}>
            <Text component="dt" size="sm" c="gray.8">
              {item.text ?? item.linkId}
            </Text>
            <Text component="dd" m={0} fw={500}>
              {(item.answer ?? []).map(answerText).join(', ')}
            </Text>
          </Stack>
        ),
      )}
    </Stack>
  );
}

/**
 * Whether someone other than the patient gave the answers: a young child's guardian, whom the
 * server names as the source by their account, not as the Patient.
 */
export function answeredByGuardian(response: QuestionnaireResponse): boolean {
  return response.source?.identifier?.system === HAVEN_USER_SYSTEM;
}

/** The naming system of Haven accounts, as the server names a guardian who answered. */
const HAVEN_USER_SYSTEM = 'https://haven.example/fhir/NamingSystem/user';
