/**
 * A patient's answers to one of the practice's questionnaires, checked against the questionnaire
 * itself and turned into a FHIR R4 QuestionnaireResponse (DATA-6, DATA-12). The server builds the
 * response from the stored questionnaire, never from a response the browser assembled, so each
 * answer is of its item's type, within its options and bounds, and each required item answered.
 * The response repeats each question's text, so it reads on its own in the chart whatever
 * becomes of the questionnaire later. Pure: no I/O.
 *
 * Written here rather than taken from a library: @medplum/core has no answer checker, and the
 * LHC-Forms / SDC engines are browser renderers; the subset below (the item types a pre-visit
 * form uses, `required`, `maxLength`, answer options and the minValue/maxValue extensions) is
 * small and is what the portal renders.
 */
import type {
  Coding,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes';
import type { ErrorIssue } from '../errors/app-error.js';
import { USER_SYSTEM } from '../consents/consent-coding.js';
import { isCalendarDate } from '../fhir/calendar-date.js';

/**
 * Answers by linkId as the portal sends them: a choice by its code (or text), the rest as typed
 * (yes/no as a boolean, numbers as numbers). Any JSON value may arrive; each is checked.
 */
export type Answers = Readonly<Record<string, unknown>>;

/** The item types the portal renders and this checker answers. */
export const ANSWERABLE_TYPES = [
  'boolean',
  'string',
  'text',
  'integer',
  'decimal',
  'date',
  'choice',
] as const;
/** Free text is capped even where the questionnaire sets no limit. */
export const MAX_TEXT_LENGTH = 4000;

const DISPLAY = 'http://hl7.org/fhir/StructureDefinition/display';
const MIN_VALUE = 'http://hl7.org/fhir/StructureDefinition/minValue';
const MAX_VALUE = 'http://hl7.org/fhir/StructureDefinition/maxValue';

/**
 * Whether the portal can put `questionnaire` to a patient: every item of a type it renders, and
 * none using what this checker does not follow (conditional items, answers from a value set,
 * repeated answers, questions nested under a question). A questionnaire that cannot be answered
 * here is not offered, rather than offered and then refused whatever the patient does.
 */
export function answerableHere(questionnaire: Questionnaire): boolean {
  const fits = (item: QuestionnaireItem): boolean => {
    if (item.enableWhen || item.answerValueSet) return false;
    if (item.type === 'display') return item.item === undefined;
    if (item.type === 'group') return (item.item ?? []).every(fits);
    if (!(ANSWERABLE_TYPES as readonly string[]).includes(item.type)) return false;
    if (item.repeats || item.item) return false;
    return item.type !== 'choice' || (item.answerOption ?? []).length > 0;
  };
  return (questionnaire.item ?? []).every(fits);
}

export type AnswerCheck =
  { ok: true; items: QuestionnaireResponseItem[] } | { ok: false; issues: ErrorIssue[] };

/** Checks `answers` against `questionnaire`; the items of the response, or every problem. */
export function checkAnswers(questionnaire: Questionnaire, answers: Answers): AnswerCheck {
  const issues: ErrorIssue[] = [];
  const known = new Set<string>();
  const items = answerItems(questionnaire.item ?? [], answers, issues, known);
  for (const linkId of Object.keys(answers)) {
    if (!known.has(linkId)) issues.push(at(linkId, 'is not a question of this questionnaire'));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, items };
}

/** The completed response of `patientId` to `questionnaire`, with `items` from checkAnswers. */
/** Who answered, when it was not the patient: a young child's guardian. */
export interface AnsweredBy {
  guardianUserId: string;
}

/** How a response answered by a guardian names its source. */
export const GUARDIAN_DISPLAY = 'Parent or guardian';

export function completedResponse(
  questionnaire: Questionnaire,
  items: QuestionnaireResponseItem[],
  patientId: string,
  now: Date,
  answeredBy?: AnsweredBy,
): QuestionnaireResponse {
  const patient = { reference: `Patient/${patientId}` };
  // A guardian answering for a young child is named as who gave and recorded the answers: the
  // Haven account (the audit names the same person), described for the care team who read it.
  const answerer = answeredBy
    ? {
        identifier: { system: USER_SYSTEM, value: answeredBy.guardianUserId },
        display: GUARDIAN_DISPLAY,
      }
    : patient;
  const canonical = questionnaire.url ?? `Questionnaire/${questionnaire.id}`;
  return {
    resourceType: 'QuestionnaireResponse',
    questionnaire: questionnaire.version ? `${canonical}|${questionnaire.version}` : canonical,
    // The questionnaire's title beside its URL (R4's `display` extension on a canonical), so
    // the response names what it answers without the questionnaire at hand.
    ...(questionnaire.title
      ? { _questionnaire: { extension: [{ url: DISPLAY, valueString: questionnaire.title }] } }
      : {}),
    status: 'completed',
    subject: patient,
    author: answerer,
    source: answerer,
    authored: now.toISOString(),
    item: items,
  };
}

function answerItems(
  items: readonly QuestionnaireItem[],
  answers: Answers,
  issues: ErrorIssue[],
  known: Set<string>,
): QuestionnaireResponseItem[] {
  return items.flatMap((item): QuestionnaireResponseItem[] => {
    if (item.type === 'display') return [];
    if (item.type === 'group') {
      const inner = answerItems(item.item ?? [], answers, issues, known);
      return inner.length > 0 ? [{ linkId: item.linkId, text: item.text, item: inner }] : [];
    }
    known.add(item.linkId);
    const value = answers[item.linkId];
    const blank =
      value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (blank) {
      if (item.required) issues.push(at(item.linkId, 'is required'));
      return [];
    }
    const answer = answerOf(item, value);
    if (typeof answer === 'string') {
      issues.push(at(item.linkId, answer));
      return [];
    }
    return [{ linkId: item.linkId, ...(item.text ? { text: item.text } : {}), answer: [answer] }];
  });
}

/** The FHIR answer for `value`, or why it does not answer `item`. */
function answerOf(
  item: QuestionnaireItem,
  value: unknown,
): QuestionnaireResponseItemAnswer | string {
  switch (item.type) {
    case 'boolean':
      return typeof value === 'boolean' ? { valueBoolean: value } : 'must be yes or no';
    case 'string':
    case 'text': {
      if (typeof value !== 'string') return 'must be text';
      const limit = Math.min(item.maxLength ?? MAX_TEXT_LENGTH, MAX_TEXT_LENGTH);
      return value.length > limit
        ? `must be at most ${limit} characters`
        : { valueString: value.trim() };
    }
    case 'integer':
    case 'decimal': {
      const integer = item.type === 'integer';
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (integer && !Number.isInteger(value))
      ) {
        return integer ? 'must be a whole number' : 'must be a number';
      }
      const bound = outOfBounds(item, value);
      if (bound) return bound;
      return integer ? { valueInteger: value } : { valueDecimal: value };
    }
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? { valueDate: value }
        : 'must be a date (YYYY-MM-DD)';
    case 'choice':
      return choiceOf(item, value) ?? 'must be one of the options offered';
    default:
      return 'cannot be answered here';
  }
}

function outOfBounds(item: QuestionnaireItem, value: number): string | undefined {
  const bound = (url: string) => {
    const found = item.extension?.find((e) => e.url === url);
    return found?.valueInteger ?? found?.valueDecimal;
  };
  const min = bound(MIN_VALUE);
  const max = bound(MAX_VALUE);
  if (min !== undefined && value < min) return `must be at least ${min}`;
  if (max !== undefined && value > max) return `must be at most ${max}`;
  return undefined;
}

/** The option a choice names by its code or its text. */
function choiceOf(
  item: QuestionnaireItem,
  value: unknown,
): QuestionnaireResponseItemAnswer | undefined {
  if (typeof value !== 'string') return undefined;
  for (const option of item.answerOption ?? []) {
    const coding: Coding | undefined = option.valueCoding;
    if (coding?.code === value) return { valueCoding: coding };
    if (option.valueString === value) return { valueString: value };
  }
  return undefined;
}

/** The JSON pointer of an answer (RFC 6901: `~` and `/` in a linkId are escaped). */
function at(linkId: string, message: string): ErrorIssue {
  return { location: `/answers/${linkId.replace(/~/g, '~0').replace(/\//g, '~1')}`, message };
}
