/**
 * Messaging on the patient's side (USE-3): the conversations in the record the person acts on,
 * a new conversation with the care team, and a reply in one. Everything goes through the
 * person's repository, so reading is decided and audited like any read of the record, and each
 * message is a patient-authored create the gate allows only through this workflow.
 */
import type { Communication } from '@medplum/fhirtypes';
import { notFound } from '../errors/app-error.js';
import { assertValidResource } from '../fhir/validation/index.js';
import type { RecordRepository } from '../gate/record-repository.js';
import {
  SUBJECT_MAX_LENGTH,
  TEXT_MAX_LENGTH,
  buildMessage,
  threadsOf,
  type MessageAuthor,
  type ThreadView,
} from './message-model.js';
import { checkedFiles, withoutFileBytes, type SentFile } from './message-attachments.js';
import { checkedText } from './message-text.js';

/** The conversations of `patientId`'s record, newest first. */
export async function patientThreads(
  repository: RecordRepository,
  patientId: string,
): Promise<ThreadView[]> {
  return threadsOf(await conversations(repository, patientId));
}

/** What the patient's side writes: a new conversation (with a subject) or a reply to one. */
export interface PatientMessage {
  patientId: string;
  author: Exclude<MessageAuthor, { kind: 'care_team' }>;
  text: string;
  now: Date;
  subject?: string;
  threadId?: string;
  files?: readonly SentFile[];
}

/** Writes the message and answers with its whole conversation. */
export async function sendFromPatientSide(
  repository: RecordRepository,
  input: PatientMessage,
): Promise<ThreadView> {
  const text = checkedText(input.text, TEXT_MAX_LENGTH, '/text');
  const subject =
    input.subject === undefined
      ? undefined
      : checkedText(input.subject, SUBJECT_MAX_LENGTH, '/subject');
  const files = checkedFiles(input.files ?? []);
  const earlier = await conversations(repository, input.patientId);
  if (input.threadId !== undefined) {
    // Only a conversation of this record, as the person sees it: anything else is not found.
    if (!threadsOf(earlier).some((t) => t.id === input.threadId)) throw notFound();
  }
  const message = buildMessage({
    patientId: input.patientId,
    author: input.author,
    text,
    sent: input.now,
    files,
    ...(subject !== undefined ? { subject } : {}),
    ...(input.threadId !== undefined ? { threadId: input.threadId } : {}),
  });
  assertValidResource(withoutFileBytes(message));
  const written = (await repository.write({
    action: 'create',
    resource: message,
    patientWorkflow: true,
    messagingWorkflow: true,
  })) as Communication;
  const threadId = input.threadId ?? written.id;
  const thread = threadsOf([...earlier, written]).find((t) => t.id === threadId);
  if (!thread) throw new Error('A message just written is not in its conversation');
  return thread;
}

async function conversations(
  repository: RecordRepository,
  patientId: string,
): Promise<Communication[]> {
  return (await repository.searchPatient(patientId, ['Communication'])) as Communication[];
}
