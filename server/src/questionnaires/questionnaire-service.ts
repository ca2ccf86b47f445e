/**
 * Questionnaires on the patient's side (DATA-6, DATA-12): the practice's active questionnaires,
 * the patient's answers so far, and a new set of answers filed to their record as a completed
 * QuestionnaireResponse. Everything goes through the patient's repository, so reading the forms
 * is the gate's public-directory rule and filing the answers is a patient-authored create,
 * decided and audited like any write.
 */
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { AppError } from '../errors/app-error.js';
import { parseSearch } from '../fhir/search/search-request.js';
import { assertValidResource } from '../fhir/validation/index.js';
import type { RecordRepository } from '../gate/record-repository.js';
import {
  answerableHere,
  checkAnswers,
  completedResponse,
  type AnsweredBy,
  type Answers,
} from './questionnaire-answers.js';

/** More active questionnaires than a patient could be asked to fill in is a practice's mistake. */
const MAX_FORMS = 50;

export interface PatientQuestionnaires {
  questionnaires: Questionnaire[];
  /** Newest first. */
  responses: QuestionnaireResponse[];
}

export async function patientQuestionnaires(
  repository: RecordRepository,
  patientId: string,
): Promise<PatientQuestionnaires> {
  const plan = parseSearch('Questionnaire', [
    ['status', 'active'],
    ['_count', String(MAX_FORMS)],
  ]);
  const questionnaires = ((await repository.search(plan)).resources as Questionnaire[]).filter(
    answerableHere,
  );
  const responses = (await repository.searchPatient(patientId, [
    'QuestionnaireResponse',
  ])) as QuestionnaireResponse[];
  return {
    questionnaires: questionnaires.sort((a, b) => (a.title ?? '').localeCompare(b.title ?? '')),
    responses: responses.sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? '')),
  };
}

/**
 * Files the patient's answers to `questionnaireId`. Every problem with the answers is reported
 * at once (400, one issue per answer, never the value) and nothing is stored.
 */
export async function submitAnswers(
  repository: RecordRepository,
  patientId: string,
  questionnaireId: string,
  answers: Answers,
  now: Date,
  answeredBy?: AnsweredBy,
): Promise<QuestionnaireResponse> {
  const questionnaire = (await repository.read('Questionnaire', questionnaireId)) as Questionnaire;
  if (questionnaire.status !== 'active') {
    throw new AppError('unprocessable', 'This questionnaire is no longer in use.', [
      { location: '/questionnaireId', message: 'names a questionnaire that is not active' },
    ]);
  }
  if (!answerableHere(questionnaire)) {
    throw new AppError('unprocessable', 'This questionnaire cannot be answered in the portal.', [
      { location: '/questionnaireId', message: 'uses questions the portal does not offer' },
    ]);
  }
  const check = checkAnswers(questionnaire, answers);
  if (!check.ok)
    throw new AppError('validation_failed', 'Some answers need attention.', check.issues);
  if (check.items.length === 0) {
    throw new AppError('validation_failed', 'Answer at least one question.', [
      { location: '/answers', message: 'has no answers' },
    ]);
  }
  const response = completedResponse(questionnaire, check.items, patientId, now, answeredBy);
  assertValidResource(response);
  return (await repository.write({
    action: 'create',
    resource: response,
    patientWorkflow: true,
  })) as QuestionnaireResponse;
}
