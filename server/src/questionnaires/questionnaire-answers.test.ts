import { describe, expect, it } from 'vitest';
import { assertValidResource } from '../fhir/validation/index.js';
import { answerableHere, checkAnswers, completedResponse } from './questionnaire-answers.js';
import { preVisitQuestionnaire } from './pre-visit-questionnaire.js';

const FORM = preVisitQuestionnaire();
const PATIENT = '0b7e2a52-6f1d-4c1e-9a43-8d2b7f0c1a11';
const NOW = new Date('2026-11-25T10:00:00Z');

describe('checkAnswers', () => {
  it('turns answers into a valid completed response, questions repeated, symptoms in their group', () => {
    assertValidResource(FORM);
    const check = checkAnswers(FORM, {
      cough: true,
      fever: false,
      pain: 3,
      'medications-changed': 'N',
      concerns: '  My cough keeps me up at night  ',
    });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const response = completedResponse(FORM, check.items, PATIENT, NOW);
    assertValidResource(response);
    expect(response).toMatchObject({
      status: 'completed',
      questionnaire: 'https://haven.example/fhir/Questionnaire/pre-visit|1',
      subject: { reference: `Patient/${PATIENT}` },
      authored: '2026-11-25T10:00:00.000Z',
      _questionnaire: { extension: [{ valueString: 'Before your visit' }] },
    });
    const [symptoms, pain, medications, concerns] = response.item ?? [];
    expect(symptoms?.item?.map((i) => [i.linkId, i.answer?.[0]?.valueBoolean])).toEqual([
      ['fever', false],
      ['cough', true],
    ]);
    expect(pain?.answer).toEqual([{ valueInteger: 3 }]);
    expect(medications?.answer?.[0]?.valueCoding?.display).toBe('No');
    expect(concerns).toMatchObject({
      text: 'What would you like to talk about at this visit?',
      answer: [{ valueString: 'My cough keeps me up at night' }],
    });
  });

  it('names every problem by its answer’s location and never repeats the value', () => {
    const check = checkAnswers(FORM, {
      cough: 'yes',
      pain: 11,
      'medications-changed': 'Maybe-Zebulon',
      concerns: 'x'.repeat(1001),
      'no/such~question': true,
    });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.issues).toEqual([
      { location: '/answers/cough', message: 'must be yes or no' },
      { location: '/answers/pain', message: 'must be at most 10' },
      { location: '/answers/medications-changed', message: 'must be one of the options offered' },
      { location: '/answers/concerns', message: 'must be at most 1000 characters' },
      {
        location: '/answers/no~1such~0question',
        message: 'is not a question of this questionnaire',
      },
    ]);
    expect(JSON.stringify(check.issues)).not.toContain('Zebulon');
  });

  it('requires the required questions, and blank text counts as unanswered', () => {
    const check = checkAnswers(FORM, { concerns: '   ', pain: 2.5 });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.issues).toEqual([
      { location: '/answers/pain', message: 'must be a whole number' },
      { location: '/answers/medications-changed', message: 'is required' },
    ]);
  });
});

describe('answerableHere', () => {
  it('offers the pre-visit form, and no form using what the portal does not follow', () => {
    expect(answerableHere(FORM)).toBe(true);
    const withItem = (item: Record<string, unknown>) =>
      ({
        ...FORM,
        item: [{ linkId: 'q', text: 'Question', ...item }],
      }) as typeof FORM;
    expect(answerableHere(withItem({ type: 'string' }))).toBe(true);
    expect(answerableHere(withItem({ type: 'string', repeats: true }))).toBe(false);
    expect(answerableHere(withItem({ type: 'choice', answerValueSet: 'http://x/vs' }))).toBe(false);
    expect(answerableHere(withItem({ type: 'choice' }))).toBe(false);
    expect(answerableHere(withItem({ type: 'attachment' }))).toBe(false);
    expect(
      answerableHere(
        withItem({
          type: 'boolean',
          enableWhen: [{ question: 'p', operator: 'exists', answerBoolean: true }],
        }),
      ),
    ).toBe(false);
    expect(
      answerableHere(withItem({ type: 'boolean', item: [{ linkId: 'r', type: 'string' }] })),
    ).toBe(false);
  });
});
