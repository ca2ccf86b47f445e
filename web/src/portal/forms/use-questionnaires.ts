/**
 * The practice's questionnaires and the open record's answers (GET
 * /api/me/record/questionnaires), and sending a new set of answers, keyed by the open record.
 */
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../api/client';
import { recordKey, useOpenRecord } from '../frame/open-record';

export interface QuestionnaireListing {
  questionnaires: Questionnaire[];
  responses: QuestionnaireResponse[];
  canAnswer: boolean;
}

export type AnswerValue = string | number | boolean;

export function useQuestionnaires() {
  const record = useOpenRecord();
  return useQuery({
    queryKey: recordKey(record, 'questionnaires'),
    queryFn: () => apiGet<QuestionnaireListing>('/api/me/record/questionnaires'),
  });
}

export function useSendAnswers() {
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { questionnaireId: string; answers: Record<string, AnswerValue> }) =>
      apiPost<QuestionnaireResponse>('/api/me/record/questionnaire-responses', input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: recordKey(record, 'questionnaires') });
      void queryClient.invalidateQueries({ queryKey: recordKey(record, 'resources') });
    },
  });
}
