/**
 * Storing a classified message on one patient: the look-up (earlier ACK, patient candidates,
 * links of results seen before, the patient's release preference), then the writes in one
 * tenant transaction that repeats the look-up first. Used for new messages and for messages
 * staff reconcile onto a patient.
 */
import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { tenantTransaction, type Tx } from '../../db/transactions.js';
import { findByIdentifier } from '../../fhir/search/find-by-identifier.js';
import { assertValidResource } from '../../fhir/validation/index.js';
import { RecordKeys } from '../../records/record-keys.js';
import { applyWrites, patientToWrite, type FeedActor } from './feed-apply.js';
import { keyedDigest } from './feed-sealing.js';
import { findLinks, findLoggedAck, logMessage, type LoggedMessage } from './feed-store.js';
import type { AckCode } from './feed-tables.js';
import { materialise, type Work } from './feed-work.js';
import type { AckOutcome } from './hl7-ack.js';
import {
  isDelayed,
  markDelayed,
  readReleasePreference,
  type ReleasePreference,
} from './result-release.js';

export interface FeedDeps {
  db: HavenDatabase;
  keyring: Keyring;
  now: () => Date;
}

export interface FeedAnswer {
  code: AckCode;
  /** The ACK message, segments ending in `\r`. */
  ack: string;
}

/** Keys fetched before any transaction: the blind-index key (digests, search) and the tenant key. */
export interface Secrets {
  searchKey: Buffer;
  tenantKey: Buffer;
}

export interface LookUp {
  ack?: string;
  candidates: string[];
  /** Link digest → stored resource id. */
  links: Map<string, string>;
  preference?: ReleasePreference | undefined;
}

/** The MSA-1 of a stored ACK. */
export function ackCodeOf(ack: string): AckCode {
  return (/\rMSA\|(A[AER])\|/.exec(ack)?.[1] as AckCode | undefined) ?? 'AA';
}

/** Signals that the look-up changed between the two transactions: start over. */
export class RetryError extends Error {}

function linksOf(secrets: Secrets, work: Work): string[] {
  return work.groups.flat().map((d) => keyedDigest(secrets.searchKey, 'result', d.identity));
}

/**
 * What is stored already. `digest` undefined skips the message log (a reconciled message is
 * logged already); `patientId` given skips matching (staff chose the patient).
 */
export async function lookUp(
  tx: Tx,
  tenantId: string,
  secrets: Secrets,
  work: Work,
  digest: string | undefined,
  patientId?: string,
): Promise<LookUp> {
  const ack = digest ? await findLoggedAck(tx, tenantId, digest) : undefined;
  if (ack) return { ack, candidates: [], links: new Map() };
  const candidates = patientId
    ? [patientId]
    : (await findByIdentifier(tx, tenantId, secrets.searchKey, 'Patient', work.mrn)).map(
        (c) => c.id,
      );
  const found = await findLinks(tx, tenantId, linksOf(secrets, work));
  const links = new Map([...found].map(([link, target]) => [link, target.id]));
  const [only] = candidates;
  const preference =
    candidates.length === 1 && only
      ? await readReleasePreference(tx, secrets.tenantKey, tenantId, only)
      : undefined;
  return { candidates, links, preference };
}

function same(a: LookUp, b: LookUp): boolean {
  const flat = (l: LookUp) =>
    JSON.stringify([l.ack, l.candidates, [...l.links].sort(), l.preference]);
  return flat(a) === flat(b);
}

function summary(work: Work, resources: Resource[], existed: boolean): string {
  const count = (type: string) => resources.filter((r) => r.resourceType === type).length;
  if (work.kind === 'ORU^R01') {
    return `Accepted: ${count('DiagnosticReport')} report(s) and ${count('Observation')} observation(s) stored.${work.note}`;
  }
  if (work.kind === 'VXU^V04') return `Accepted: ${count('Immunization')} immunization(s) stored.`;
  if (work.kind === 'ADT^A04' && !existed) return 'Accepted: patient registered.';
  return 'Accepted: patient record updated.';
}

export interface StoreInput {
  tenantId: string;
  secrets: Secrets;
  work: Work;
  /** The message-log digest (undefined for a reconciled message, logged already). */
  digest: string | undefined;
  found: LookUp;
  patientId: string;
  /** Staff chose the patient: skip matching, and add the feed's identifier if nobody has it. */
  chosen?: { addIdentifier: boolean; beforeWrites: (tx: Tx) => Promise<void> };
  actor: FeedActor;
  answer: (outcome: AckOutcome) => FeedAnswer;
  log?: (reply: FeedAnswer) => LoggedMessage;
}

export async function storeWork(deps: FeedDeps, input: StoreInput): Promise<FeedAnswer> {
  const { tenantId, secrets, work, found, patientId } = input;
  const now = deps.now();
  const fresh = new Map<string, string>();
  const idOf = (identity: string): string => {
    const link = keyedDigest(secrets.searchKey, 'result', identity);
    const id = found.links.get(link) ?? fresh.get(link) ?? randomUUID();
    if (!found.links.has(link)) fresh.set(link, id);
    return id;
  };
  const preference = found.preference;
  const releaseAt = new Date(now.getTime() + (preference?.delayHours ?? 0) * 3_600_000);
  const groups = materialise(work, patientId, idOf).map((group) =>
    isDelayed(preference, group) ? group.map((r) => markDelayed(r, releaseAt)) : group,
  );
  const results = groups.flat();
  // Validated before keys are fetched: a message that cannot be stored leaves no key behind.
  for (const resource of results) assertValidResource(resource);
  const keys = await RecordKeys.load(deps.keyring, tenantId, [patientId], { create: true });
  const typeOf = new Map(results.map((r) => [r.id, r.resourceType]));
  const newLinks = [...fresh].map(([link, id]) => ({
    link,
    id,
    resourceType: typeOf.get(id) ?? 'Resource',
  }));
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const again = await lookUp(
      tx,
      tenantId,
      secrets,
      work,
      input.digest,
      input.chosen ? patientId : undefined,
    );
    if (again.ack) return { code: ackCodeOf(again.ack), ack: again.ack };
    if (!same(found, again)) throw new RetryError();
    const patient = await patientToWrite(
      tx,
      tenantId,
      keys,
      work,
      patientId,
      input.chosen?.addIdentifier ?? false,
    );
    const reply = input.answer({
      code: 'AA',
      text: summary(work, results, found.candidates.length > 0),
    });
    if (input.log) await logMessage(tx, tenantId, input.log(reply));
    await input.chosen?.beforeWrites(tx);
    await applyWrites(tx, {
      tenantId,
      keys,
      resources: [...(patient ? [patient] : []), ...results],
      newLinks,
      actor: input.actor,
      now,
    });
    return reply;
  });
}
