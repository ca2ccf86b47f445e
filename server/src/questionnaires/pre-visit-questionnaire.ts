/**
 * The questionnaire a practice starts with (the demo seeds it): what the patient reports before
 * a visit, their symptoms (DATA-6) and what they want to talk about. Symptoms carry their SNOMED
 * CT codes, so a clinician (or a later import) reads them as findings, not only as words.
 */
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';

const SNOMED = 'http://snomed.info/sct';
/** Fixed, like the rest of the demo: the same form on every machine. */
export const PRE_VISIT_QUESTIONNAIRE_ID = '6f2b8c1e-4d3a-4e5f-9b7c-1a2d3e4f5a60';

function symptom(linkId: string, code: string, display: string, text: string): QuestionnaireItem {
  return { linkId, type: 'boolean', text, code: [{ system: SNOMED, code, display }] };
}

export function preVisitQuestionnaire(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: PRE_VISIT_QUESTIONNAIRE_ID,
    url: 'https://haven.example/fhir/Questionnaire/pre-visit',
    version: '1',
    name: 'PreVisit',
    title: 'Before your visit',
    status: 'active',
    subjectType: ['Patient'],
    description: 'How you have been since your last visit, so your clinician can prepare.',
    item: [
      {
        linkId: 'symptoms',
        type: 'group',
        text: 'Since your last visit, have you had any of these?',
        item: [
          symptom('fever', '386661006', 'Fever', 'Fever'),
          symptom('cough', '49727002', 'Cough', 'Cough'),
          symptom('chest-pain', '29857009', 'Chest pain', 'Chest pain'),
          symptom('breathless', '267036007', 'Dyspnea', 'Shortness of breath'),
          symptom('low-mood', '366979004', 'Depressed mood', 'Feeling down or hopeless'),
        ],
      },
      {
        linkId: 'pain',
        type: 'integer',
        text: 'How much pain do you have today, from 0 (none) to 10 (the worst)?',
        required: true,
        extension: [
          { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 0 },
          { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueInteger: 10 },
        ],
      },
      {
        linkId: 'medications-changed',
        type: 'choice',
        text: 'Have your medications changed since your last visit?',
        required: true,
        answerOption: [
          {
            valueCoding: {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0136',
              code: 'Y',
              display: 'Yes',
            },
          },
          {
            valueCoding: {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0136',
              code: 'N',
              display: 'No',
            },
          },
          {
            valueCoding: {
              system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
              code: 'asked-unknown',
              display: 'Not sure',
            },
          },
        ],
      },
      {
        linkId: 'concerns',
        type: 'text',
        text: 'What would you like to talk about at this visit?',
        maxLength: 1000,
      },
    ],
  };
}
