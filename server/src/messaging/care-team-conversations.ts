/**
 * A patient's conversations as the care team sees them from the chart (USE-3): all of them,
 * newest first, and a new conversation started by a clinician or nurse (a result to explain,
 * a follow-up to arrange), and withdrawing a message one sent in error (to the wrong patient,
 * with a wrong instruction). Through the staff member's repository: the gate decides (care
 * relationship or break-the-glass) and audits; a patient out of reach is not found.
 */
import type { Communication } from '@medplum/fhirtypes';
import { AppError, notFound } from '../errors/app-error.js';
import { assertValidResource } from '../fhir/validation/index.js';
import type { RecordRepository } from '../gate/record-repository.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { checkedFiles, withoutFileBytes, type SentFile } from './message-attachments.js';
import {
  SUBJECT_MAX_LENGTH,
  TEXT_MAX_LENGTH,
  buildMessage,
  isPortalMessage,
  threadsOf,
  writerAccount,
  type ThreadView,
} from './message-model.js';
import { queueReplyNotices, replyNotices } from './message-notices.js';
import { checkedText } from './message-text.js';
import { writerName } from './writer-name.js';

export async function patientConversations(
  repository: RecordRepository,
  patientId: string,
): Promise<ThreadView[]> {
  return threadsOf(
    (await repository.searchPatient(patientId, ['Communication'])) as Communication[],
  );
}

/** A conversation the care team starts; the patient's side is told there is something new. */
export async function startFromCareTeam(
  deps: IdentityDeps,
  repository: RecordRepository,
  input: {
    userId: string;
    patientId: string;
    subject: string;
    text: string;
    files?: readonly SentFile[];
  },
): Promise<ThreadView> {
  const subject = checkedText(input.subject, SUBJECT_MAX_LENGTH, '/subject');
  const text = checkedText(input.text, TEXT_MAX_LENGTH, '/text');
  const files = checkedFiles(input.files ?? []);
  const now = deps.now();
  const message = buildMessage({
    patientId: input.patientId,
    author: { kind: 'care_team', userId: input.userId, name: await writerName(deps, input.userId) },
    subject,
    text,
    sent: now,
    files,
  });
  assertValidResource(withoutFileBytes(message));
  const notices = await replyNotices(deps, repository.tenantId, input.patientId, [], {
    everyProxy: true,
  });
  const [written] = (await repository.writeAll(
    [{ action: 'create', resource: message, messagingWorkflow: true }],
    (tx) => queueReplyNotices(tx, notices, now),
  )) as Communication[];
  const thread = threadsOf(written ? [written] : [])[0];
  if (!thread) throw new Error('A conversation just started has no first message');
  return thread;
}

/** Whether `userId` wrote `message` as a member of the care team. */
export function wroteAsCareTeam(message: Communication, userId: string): boolean {
  return writerAccount(message, 'Practitioner') === userId;
}

/**
 * Withdraws a message the staff member wrote: it becomes `entered-in-error`, so neither side
 * shows it any more (a conversation whose first message is withdrawn disappears whole), while
 * every version stays in the record under retention. Only its writer may withdraw it.
 */
export async function withdrawMessage(
  repository: RecordRepository,
  input: { userId: string; messageId: string },
): Promise<void> {
  const message = (await repository.read('Communication', input.messageId)) as Communication;
  if (!isPortalMessage(message)) throw notFound();
  if (!wroteAsCareTeam(message, input.userId)) {
    throw new AppError('forbidden', 'Only who wrote a message can withdraw it.');
  }
  if (message.status === 'entered-in-error') return;
  await repository.write({
    action: 'update',
    resource: { ...message, status: 'entered-in-error' },
    expectedVersion: Number(message.meta?.versionId),
    messagingWorkflow: true,
  });
}
