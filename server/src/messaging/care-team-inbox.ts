/**
 * Messaging on the care team's side (USE-3): the inbox of conversations waiting for an answer
 * from the staff member's own patients, one conversation, a reply, and "handled" without one.
 * Reads and writes go through the staff member's repository: the gate opens a conversation only
 * to a clinician or nurse who treats the patient (or under break-the-glass), and audits each.
 *
 * Answering marks every message of the patient's side in the conversation as handled
 * (`completed`, with the time in `received`) in the same transaction as the reply, each update
 * checked against the version read: two staff members answering at once cannot both succeed,
 * and the second is told the conversation changed.
 */
import type { Communication, Patient } from '@medplum/fhirtypes';
import { patientsInCareOf } from '../care/care-relationships.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError, notFound } from '../errors/app-error.js';
import { parseSearch } from '../fhir/search/search-request.js';
import { assertValidResource } from '../fhir/validation/index.js';
import type { WriteRequest } from '../gate/gated-writes.js';
import { patientsSeen, recordsSeen } from '../gate/patients-seen.js';
import type { RecordRepository } from '../gate/record-repository.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { patientCompartmentOf } from '../records/compartment.js';
import { patientDisplayName } from '../records/system-patient-reader.js';
import {
  MESSAGE_CATEGORY_SYSTEM,
  PORTAL_MESSAGE,
  TEXT_MAX_LENGTH,
  buildMessage,
  isPortalMessage,
  messageView,
  proxyWriters,
  threadIdOf,
  threadsOf,
  type ThreadView,
} from './message-model.js';
import { queueReplyNotices, replyNotices } from './message-notices.js';
import { checkedFiles, withoutFileBytes, type SentFile } from './message-attachments.js';
import { checkedText } from './message-text.js';
import { writerName } from './writer-name.js';

/** One conversation waiting for the care team, as the inbox lists it. */
export interface InboxEntry {
  threadId: string;
  patientId: string;
  patientName: string | null;
  subject: string;
  /** When the oldest unanswered message was sent. */
  waitingSince: string;
  waitingCount: number;
}

/** Patients per search: the compartment list is one bound array, kept well inside limits. */
const PATIENTS_PER_SEARCH = 500;
/** Waiting messages read per search, oldest first; an inbox longer than this shows its oldest. */
const WAITING_PER_SEARCH = 200;
const REPLIES_PER_PAGE = 200;

/** The conversations of the staff member's patients that wait for an answer, oldest first. */
export async function careTeamInbox(
  deps: IdentityDeps,
  repository: RecordRepository,
  userId: string,
): Promise<InboxEntry[]> {
  const tenantId = repository.tenantId;
  const patients = await tenantTransaction(deps.db, tenantId, (tx) =>
    patientsInCareOf(tx, tenantId, userId, deps.now()),
  );
  const waiting: Communication[] = [];
  for (let start = 0; start < patients.length; start += PATIENTS_PER_SEARCH) {
    const chunk = patients.slice(start, start + PATIENTS_PER_SEARCH);
    const plan = parseSearch('Communication', [
      ['patient', chunk.join(',')],
      ['status', 'in-progress'],
      ['category', `${MESSAGE_CATEGORY_SYSTEM}|${PORTAL_MESSAGE}`],
      ['_sort', 'sent'],
      ['_count', String(WAITING_PER_SEARCH)],
    ]);
    waiting.push(...((await repository.search(plan)).resources as Communication[]));
  }
  const byThread = new Map<string, Communication[]>();
  for (const message of waiting) {
    const threadId = threadIdOf(message);
    if (threadId) byThread.set(threadId, [...(byThread.get(threadId) ?? []), message]);
  }
  const firsts = await firstMessages(repository, [...byThread.keys()]);
  const names = await patientsSeen(repository, [
    ...new Set(firsts.map((f) => patientOf(f)).filter((id) => id !== '')),
  ]);
  return firsts
    .map((first) => {
      const messages = byThread.get(first.id as string) ?? [];
      const sent = messages.map((m) => m.sent ?? '').sort();
      const patientId = patientOf(first);
      return {
        threadId: first.id as string,
        patientId,
        patientName: nameOf(names.get(patientId)),
        subject: first.topic?.text ?? '',
        waitingSince: sent[0] ?? '',
        waitingCount: messages.length,
      };
    })
    .sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
}

/** One conversation as the staff member may see it, with the patient's name; else 404. */
export async function careTeamThread(
  repository: RecordRepository,
  threadId: string,
): Promise<{ thread: ThreadView; patientName: string | null; raw: Communication[] }> {
  const first = (await repository.read('Communication', threadId)) as Communication;
  if (!isPortalMessage(first) || first.partOf !== undefined) throw notFound();
  const patientId = patientOf(first);
  const replies: Communication[] = [];
  // Every reply, a page at a time: a long conversation is shown and closed whole.
  for (let offset = 0; ; offset += REPLIES_PER_PAGE) {
    const plan = parseSearch('Communication', [
      ['patient', patientId],
      ['part-of', `Communication/${threadId}`],
      ['_sort', 'sent'],
      ['_count', String(REPLIES_PER_PAGE)],
      ['_offset', String(offset)],
    ]);
    const page = await repository.search(plan);
    replies.push(...(page.resources as Communication[]));
    if (!page.more) break;
  }
  const raw = [first, ...replies];
  const thread = threadsOf(raw)[0];
  if (!thread) throw notFound();
  const names = await patientsSeen(repository, [patientId]);
  return { thread, patientName: nameOf(names.get(patientId)), raw };
}

/** What a staff member answers: the waiting messages they saw, and their reply if any. */
export interface Answer {
  userId: string;
  threadId: string;
  /** The ids of the waiting messages the staff member was shown. */
  seen: readonly string[];
  text?: string;
  files?: readonly SentFile[];
}

/**
 * Answers a conversation (with `text`) or marks it handled (without), and tells the patient's
 * side there is something new when there is a reply. A message from the patient's side that
 * the staff member was not shown (it came in after they opened the conversation) is never
 * closed unseen: the answer is refused with 409 and nothing is stored.
 */
export async function answerThread(
  deps: IdentityDeps,
  repository: RecordRepository,
  input: Answer,
): Promise<ThreadView> {
  const text =
    input.text === undefined ? undefined : checkedText(input.text, TEXT_MAX_LENGTH, '/text');
  const files = checkedFiles(input.files ?? []);
  const { thread, raw } = await careTeamThread(repository, input.threadId);
  const now = deps.now();
  const waiting = raw.filter((m) => messageView(m).waiting);
  if (waiting.some((m) => !input.seen.includes(m.id ?? ''))) {
    throw new AppError('conflict', 'A new message came in. Read it before answering.');
  }
  const handled: WriteRequest[] = waiting.map((m) => ({
    action: 'update',
    resource: { ...m, status: 'completed', received: now.toISOString() },
    expectedVersion: Number(m.meta?.versionId),
    messagingWorkflow: true,
  }));
  const writes: WriteRequest[] = [...handled];
  if (text !== undefined) {
    const reply = buildMessage({
      patientId: thread.patientId,
      author: {
        kind: 'care_team',
        userId: input.userId,
        name: await writerName(deps, input.userId),
      },
      text,
      sent: now,
      threadId: thread.id,
      files,
    });
    assertValidResource(withoutFileBytes(reply));
    writes.unshift({ action: 'create', resource: reply, messagingWorkflow: true });
  }
  if (writes.length === 0) return thread;
  const notices =
    text === undefined
      ? undefined
      : await replyNotices(deps, repository.tenantId, thread.patientId, proxyWriters(raw));
  const written = (await repository
    .writeAll(writes, notices ? (tx) => queueReplyNotices(tx, notices, now) : undefined)
    .catch((error: unknown) => {
      // A waiting message changed since it was read: someone else answered or handled it.
      if (error instanceof AppError && error.code === 'precondition_failed') {
        throw new AppError('conflict', 'This conversation changed just now. Open it again.');
      }
      throw error;
    })) as Communication[];
  const byId = new Map(raw.map((m) => [m.id, m]));
  for (const message of written) byId.set(message.id, message);
  return threadsOf([...byId.values()])[0] ?? thread;
}

async function firstMessages(
  repository: RecordRepository,
  ids: readonly string[],
): Promise<Communication[]> {
  const found = (await recordsSeen(repository, 'Communication', ids)) as Communication[];
  return found.filter(
    (m) => isPortalMessage(m) && m.partOf === undefined && m.status !== 'entered-in-error',
  );
}

function patientOf(message: Communication): string {
  return patientCompartmentOf(message) ?? '';
}

function nameOf(patient: Patient | undefined): string | null {
  return patient ? patientDisplayName(patient) : null;
}
