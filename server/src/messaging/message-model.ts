/**
 * Secure messages between a patient and their care team (DATA-13, USE-3) as FHIR R4
 * Communication, built field by field here so that what a patient writes is only ever their text
 * in a message of their own record. Pure: no I/O.
 *
 * A conversation is its first message (the one with a subject, in `topic`) and the replies that
 * name it in `partOf`. A message from the patient's side stays `in-progress` until the care team
 * answers it or marks it handled (`completed`): that is what the care team's inbox lists, so it
 * needs no state of its own beside the record. Replies from the care team are `completed`.
 */
import type { Communication } from '@medplum/fhirtypes';
import { USER_SYSTEM } from '../consents/consent-coding.js';
import { patientCompartmentOf } from '../records/compartment.js';
import { attachmentsOf, fhirAttachment, type MessageFile } from './message-attachments.js';

/** Marks a Communication as a portal conversation (and not, say, a fax filed by an interface). */
export const MESSAGE_CATEGORY_SYSTEM = 'https://haven.example/fhir/CodeSystem/message-category';
export const PORTAL_MESSAGE = 'portal-message';

export const SUBJECT_MAX_LENGTH = 120;
export const TEXT_MAX_LENGTH = 4000;

/** Who wrote a message. */
export type MessageAuthor =
  | { kind: 'patient'; patientId: string }
  /** A proxy (caregiver, parent or guardian) writing for the patient. */
  | { kind: 'proxy'; userId: string; name: string }
  | { kind: 'care_team'; userId: string; name: string };

/** A message as the portal and the console show it. */
export interface MessageView {
  id: string;
  sent: string;
  from: MessageAuthor['kind'];
  /** The writer's name, for a proxy or a member of the care team. */
  author: string | null;
  text: string;
  /** The files sent with it, without their bytes (each is downloaded on its own). */
  attachments: { index: number; title: string; contentType: string; size: number }[];
  /** Written by the patient's side and not yet answered. */
  waiting: boolean;
}

/** A conversation, oldest message first. */
export interface ThreadView {
  id: string;
  patientId: string;
  subject: string;
  lastSent: string;
  /** Some message from the patient's side waits for the care team. */
  waiting: boolean;
  messages: MessageView[];
}

/** A new message: the first of a conversation (with a subject) or a reply to `threadId`. */
export interface NewMessage {
  patientId: string;
  author: MessageAuthor;
  text: string;
  sent: Date;
  subject?: string;
  threadId?: string;
  files?: readonly MessageFile[];
}

export function buildMessage(message: NewMessage): Communication {
  const patient = { reference: `Patient/${message.patientId}` };
  const fromPatientSide = message.author.kind !== 'care_team';
  return {
    resourceType: 'Communication',
    status: fromPatientSide ? 'in-progress' : 'completed',
    category: [{ coding: [{ system: MESSAGE_CATEGORY_SYSTEM, code: PORTAL_MESSAGE }] }],
    subject: patient,
    ...(message.threadId ? { partOf: [{ reference: `Communication/${message.threadId}` }] } : {}),
    ...(message.subject !== undefined ? { topic: { text: message.subject } } : {}),
    sent: message.sent.toISOString(),
    sender: senderOf(message.author),
    ...(fromPatientSide ? {} : { recipient: [patient] }),
    payload: [
      { contentString: message.text },
      ...(message.files ?? []).map((file) => ({
        contentAttachment: fhirAttachment(file, message.sent),
      })),
    ],
  };
}

/**
 * A Haven account is named by identifier (staff and proxies have no FHIR resource of their
 * own), typed so the record says which side wrote.
 */
function senderOf(author: MessageAuthor): NonNullable<Communication['sender']> {
  if (author.kind === 'patient') return { reference: `Patient/${author.patientId}` };
  return {
    type: author.kind === 'proxy' ? 'RelatedPerson' : 'Practitioner',
    identifier: { system: USER_SYSTEM, value: author.userId },
    display: author.name,
  };
}

export function isPortalMessage(resource: Communication): boolean {
  return (resource.category ?? []).some((c) =>
    (c.coding ?? []).some((d) => d.system === MESSAGE_CATEGORY_SYSTEM && d.code === PORTAL_MESSAGE),
  );
}

/** The conversation a message belongs to: its own id for a first message. */
export function threadIdOf(message: Communication): string | undefined {
  const parent = message.partOf?.[0]?.reference;
  if (parent === undefined) return message.id;
  return /^Communication\/([0-9a-f-]{36})$/.exec(parent)?.[1];
}

/**
 * The Haven account that wrote `message` on the given side (`RelatedPerson`: a proxy;
 * `Practitioner`: the care team), or undefined (the patient, or another side).
 */
export function writerAccount(
  message: Communication,
  side: 'RelatedPerson' | 'Practitioner',
): string | undefined {
  const sender = message.sender;
  if (sender?.type !== side || sender.identifier?.system !== USER_SYSTEM) return undefined;
  return sender.identifier.value || undefined;
}

/** The Haven accounts that wrote from the patient's side (proxies), as named in `messages`. */
export function proxyWriters(messages: readonly Communication[]): string[] {
  const ids = messages.flatMap((m) => writerAccount(m, 'RelatedPerson') ?? []);
  return [...new Set(ids)];
}

/**
 * Groups portal messages into conversations, newest conversation first. A reply whose first
 * message is not among `messages` (out of the reader's reach) is left out, never shown without
 * its subject.
 */
export function threadsOf(messages: readonly Communication[]): ThreadView[] {
  const portal = messages.filter(
    (m) => isPortalMessage(m) && m.status !== 'entered-in-error' && m.id,
  );
  const firsts = portal.filter((m) => m.partOf === undefined);
  return firsts
    .map((first) => {
      const thread = portal
        .filter((m) => threadIdOf(m) === first.id)
        // Sent in the same instant, the conversation's first message still comes first.
        .sort(
          (a, b) =>
            (a.sent ?? '').localeCompare(b.sent ?? '') ||
            Number(a.partOf !== undefined) - Number(b.partOf !== undefined),
        );
      const views = thread.map(messageView);
      return {
        id: first.id as string,
        patientId: patientCompartmentOf(first) ?? '',
        subject: first.topic?.text ?? '',
        lastSent: views.at(-1)?.sent ?? first.sent ?? '',
        waiting: views.some((v) => v.waiting),
        messages: views,
      };
    })
    .sort((a, b) => b.lastSent.localeCompare(a.lastSent));
}

export function messageView(message: Communication): MessageView {
  const from: MessageAuthor['kind'] =
    message.sender?.type === 'Practitioner'
      ? 'care_team'
      : message.sender?.type === 'RelatedPerson'
        ? 'proxy'
        : 'patient';
  return {
    id: message.id ?? '',
    sent: message.sent ?? '',
    from,
    author: from === 'patient' ? null : (message.sender?.display ?? null),
    text: (message.payload ?? [])
      .flatMap((p) => (p.contentString ? [p.contentString] : []))
      .join('\n\n'),
    attachments: attachmentsOf(message),
    waiting: from !== 'care_team' && message.status === 'in-progress',
  };
}
