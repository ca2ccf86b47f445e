/**
 * Receiving one HL7 v2 message for one practice, from MLLP or HTTP: parse, classify, match the
 * patient, store, acknowledge. A message is applied whole or not at all: everything it stores,
 * its links, its audit entries and its place in the message log commit in one tenant
 * transaction. Keys are fetched between the look-up transaction and the writing one (a key
 * fetch cannot run inside a tenant transaction); the writing one repeats the look-up and starts
 * over if anything moved in between. A message whose patient matches no record, or several, is
 * held for staff (reconciliation) and stores nothing on any chart.
 */
import { randomUUID } from 'node:crypto';
import type { Hl7Message } from '@medplum/core';
import { tenantScope, type Keyring } from '../../crypto/index.js';
import { tenantTransaction } from '../../db/transactions.js';
import { RecordKeys } from '../../records/record-keys.js';
import type { FeedActor } from './feed-apply.js';
import { keyedDigest, sealText } from './feed-sealing.js';
import { findLoggedAck, insertQueueItem, logMessage, type LoggedMessage } from './feed-store.js';
import type { ReconciliationReason } from './feed-tables.js';
import { classify, messageType, type Work } from './feed-work.js';
import {
  ackCodeOf,
  lookUp,
  storeWork,
  type FeedAnswer,
  type FeedDeps,
  type Secrets,
} from './feed-storing.js';
import type { AckOutcome } from './hl7-ack.js';
import { answerTo, explain, raced } from './feed-errors.js';
import { normaliseMessage, parseMessage } from './hl7-text.js';

export type { FeedAnswer, FeedDeps } from './feed-storing.js';

const SYSTEM_ACTOR: FeedActor = {
  userId: null,
  reasonCode: 'system_job',
  purposeOfUse: 'SYSADMIN',
};
const HELD =
  'Accepted and held for staff: the patient did not match exactly one record. Nothing was stored on any chart.';

/** The digest input: the message without MSH-7, so a re-send stamped anew is still a re-send. */
function digestInput(text: string): string {
  const [msh = '', ...rest] = text.split('\r');
  const fields = msh.split('|');
  if (fields.length > 6) fields[6] = '';
  return [fields.join('|'), ...rest].join('\r');
}

/** The keys a message needs, fetched before any transaction opens. */
export async function loadSecrets(keyring: Keyring, tenantId: string): Promise<Secrets> {
  return {
    searchKey: await RecordKeys.searchKeyOf(keyring, tenantId),
    tenantKey: await keyring.dataKey(tenantScope(tenantId)),
  };
}

/**
 * Processes one message for practice `tenantId` and answers with its ACK. Infrastructure
 * failures (database down) are thrown: the caller answers those as it can (HTTP 5xx, MLLP AE).
 */
export async function receiveMessage(
  deps: FeedDeps,
  tenantId: string,
  raw: string,
): Promise<FeedAnswer> {
  let message: Hl7Message | undefined;
  try {
    const text = normaliseMessage(raw);
    message = parseMessage(text);
    const classified = classify(message);
    if (classified.kind === 'acknowledge')
      return answerTo(message, { code: 'AA', text: classified.text }, deps.now());
    return await store(deps, tenantId, text, message, classified);
  } catch (error) {
    const outcome = explain(error);
    if (!outcome) throw error;
    return answerTo(message, outcome, deps.now());
  }
}

async function store(
  deps: FeedDeps,
  tenantId: string,
  text: string,
  message: Hl7Message,
  work: Work,
): Promise<FeedAnswer> {
  const secrets = await loadSecrets(deps.keyring, tenantId);
  const digest = keyedDigest(secrets.searchKey, 'message', digestInput(text));
  const msh = message.getSegment('MSH');
  const answer = (outcome: AckOutcome) => answerTo(message, outcome, deps.now());
  const log = (reply: FeedAnswer, id: string = randomUUID()): LoggedMessage => ({
    id,
    digest,
    sendingApplication: msh?.getField(3)?.toString() ?? '',
    sendingFacility: msh?.getField(4)?.toString() ?? '',
    controlId: msh?.getField(10)?.toString() ?? '',
    messageType: messageType(message),
    receivedAt: deps.now(),
    ackCode: reply.code,
    ack: reply.ack,
  });
  for (let attempt = 1; ; attempt += 1) {
    try {
      const found = await tenantTransaction(deps.db, tenantId, (tx) =>
        lookUp(tx, tenantId, secrets, work, digest),
      );
      if (found.ack) return { code: ackCodeOf(found.ack), ack: found.ack };
      const [only, ...more] = found.candidates;
      if ((!only && !work.createIfUnmatched) || more.length > 0) {
        const reason: ReconciliationReason = only ? 'several_matches' : 'no_match';
        const reply = answer({ code: 'AA', text: HELD });
        return await hold(
          deps,
          tenantId,
          { secrets, text, digest, reason, type: messageType(message), entry: log(reply) },
          reply,
        );
      }
      const patientId = only ?? randomUUID();
      return await storeWork(deps, {
        tenantId,
        secrets,
        work,
        digest,
        found,
        patientId,
        actor: SYSTEM_ACTOR,
        answer,
        log,
      });
    } catch (error) {
      if (!raced(error) || attempt >= 3) throw error;
    }
  }
}

interface Held {
  secrets: Secrets;
  text: string;
  digest: string;
  reason: ReconciliationReason;
  type: string;
  entry: LoggedMessage;
}

/** Logs the message and queues it, sealed, for staff; the sender gets AA (Haven has it). */
async function hold(
  deps: FeedDeps,
  tenantId: string,
  held: Held,
  reply: FeedAnswer,
): Promise<FeedAnswer> {
  const id = randomUUID();
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const earlier = await findLoggedAck(tx, tenantId, held.digest);
    if (earlier) return { code: ackCodeOf(earlier), ack: earlier };
    await logMessage(tx, tenantId, held.entry);
    await insertQueueItem(tx, tenantId, {
      id,
      messageId: held.entry.id,
      receivedAt: deps.now(),
      messageType: held.type,
      reason: held.reason,
      sealed: sealText(
        held.secrets.tenantKey,
        'Hl7Reconciliation.message',
        tenantId,
        id,
        held.text,
      ),
    });
    return reply;
  });
}
