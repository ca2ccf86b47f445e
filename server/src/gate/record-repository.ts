/**
 * The one way request handlers reach health records (ACC-1): a repository bound to its actor.
 * Every read, search and write asks `decideAccess` inside the transaction that touches the data,
 * with the facts read in that same transaction, and writes the audit entry (ACC-3) in it too, so
 * the answer leaves only after its audit entry is committed. Records the actor may not see are
 * "not found", never "forbidden"; a search silently leaves them out.
 *
 * Keys are fetched before each transaction opens (the key store reads on the system path), or,
 * for records found inside it, taken from this process's key cache; when one is in neither, the
 * transaction is rolled back, the keys fetched, and the transaction run again (KeysNeeded).
 */
import type { Resource } from '@medplum/fhirtypes';
import {
  applyFieldMask,
  decideAccess,
  type AccessAction,
  type AccessContext,
  type AccessDecision,
  type AccessTarget,
  type Actor,
} from '../access/index.js';
import { appendInTransaction, type AuditEntryInput, type AuditWriter } from '../audit/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantReadSession, tenantTransaction, type Tx } from '../db/transactions.js';
import { notFound } from '../errors/app-error.js';
import type { Keyring } from '../crypto/index.js';
import { patientCompartmentOf } from '../records/compartment.js';
import { KeysNeeded, RecordKeys } from '../records/record-keys.js';
import {
  readCompartment,
  readCurrentVersion,
  type StoredVersion,
} from '../records/record-store.js';
import { resolveActor, type DeferredPrincipal, type Principal } from './gate-actor.js';
import { accessAuditEntry, type AccessOrigin, type AuditedDecision } from './gate-audit.js';
import { gatherAccessContext } from './gate-context.js';
import { readWithStaffContext } from './staff-context.js';
import { historyThroughGate } from './gated-history.js';
import { searchThroughGate, type SearchPage } from './gated-search.js';
import { writeAllThroughGate, writeThroughGate, type WriteRequest } from './gated-writes.js';
import type { SearchPlan } from '../fhir/search/search-request.js';
import { releaseAtOf, sensitivityOf } from './sensitivity.js';

/** What a repository needs from the rest of Haven. */
export interface RepositoryDeps {
  db: HavenDatabase;
  keyring: Keyring;
  now: () => Date;
  /**
   * Where reads are audited: a writer that commits the entries of concurrent requests together
   * (group commit), awaited before the answer leaves. Without one, reads audit inside their own
   * transaction as writes always do.
   */
  auditWriter?: AuditWriter;
}

/** One decision in a transaction: the actor and context are read once per patient. */
export interface GateSession {
  tx: Tx;
  actor: Actor;
  keys: RecordKeys;
  now: Date;
  audit: AuditEntryInput[];
  /**
   * Each patient's access context, read once per transaction (a search page of one patient's
   * records needs it once, not per record). Cleared after every write, so a Consent written
   * earlier in a transaction Bundle binds the entries after it.
   */
  contexts: Map<string | null, Promise<AccessContext>>;
}

/** Runs of a transaction at most: the first, and again after fetching keys it found missing. */
const KEY_ATTEMPTS = 3;

export class RecordRepository {
  readonly #deps: RepositoryDeps;
  readonly #source: Principal | DeferredPrincipal;
  /** The principal as last resolved, inside the transaction now running. */
  #principal: Principal | undefined;
  readonly #origin: AccessOrigin;

  constructor(
    deps: RepositoryDeps,
    principal: Principal | DeferredPrincipal,
    origin: AccessOrigin = {},
  ) {
    this.#deps = deps;
    this.#source = principal;
    if (principal.kind !== 'deferred') this.#principal = principal;
    this.#origin = origin;
  }

  get tenantId(): string {
    return this.#source.tenantId;
  }

  /** The current version of one resource, masked to what the actor may see; else 404. */
  async read(resourceType: string, id: string): Promise<Resource> {
    const keys = await this.#keys([]);
    const outcome = await this.readTransaction(keys, async (session) => {
      const stored = await this.#readCurrent(session, resourceType, id);
      const target = { patientId: stored?.patientId ?? null, resourceType, resourceId: null };
      if (!stored) {
        // Asked for something that is not there: recorded too, so probing shows in review.
        session.audit.push(this.entry('read', target, NOT_FOUND));
        return undefined;
      }
      const decision = await this.decide(session, 'read', stored.resource);
      session.audit.push(this.entry('read', { ...target, resourceId: stored.id }, decision));
      if (!decision.allowed || stored.deleted) return undefined;
      return masked(stored.resource, decision);
    });
    if (!outcome) throw notFound();
    return outcome;
  }

  /**
   * A patient's current records, of `resourceTypes` or of every type, newest first, holding
   * only those the actor may see. One audit entry per type and outcome, not per record; a copy
   * taken away (the patient's download) is decided and audited as an `export`. Types in
   * `leaveOut` are not read at all (the chart leaves out conversations, read on their own page).
   */
  async searchPatient(
    patientId: string,
    resourceTypes?: readonly string[],
    action: 'search' | 'export' = 'search',
    leaveOut: readonly string[] = [],
  ): Promise<Resource[]> {
    const keys = await this.#keys([patientId]);
    return this.readTransaction(keys, async (session) => {
      const stored = keys.has(patientId)
        ? await readCompartment(session.tx, this.tenantId, keys, patientId, resourceTypes, leaveOut)
        : [];
      const found: Resource[] = [];
      const entries = new Map<string, AuditEntryInput>();
      const note = (resourceType: string, decision: AccessDecision) => {
        const entry = this.entry(action, { patientId, resourceType }, decision);
        entries.set(`${resourceType} ${entry.outcome} ${decision.reason}`, entry);
      };
      for (const version of stored) {
        const decision = await this.decide(session, action, version.resource);
        note(version.resourceType, decision);
        if (decision.allowed) found.push(masked(version.resource, decision));
      }
      // A type asked for that holds nothing is still a search of this patient's record.
      for (const type of resourceTypes ?? []) {
        if (stored.some((v) => v.resourceType === type)) continue;
        const probe = { resourceType: type, subject: { reference: `Patient/${patientId}` } };
        note(type, await this.decide(session, action, probe as Resource, patientId));
      }
      session.audit.push(...entries.values());
      return found;
    });
  }

  /** Every version of a record, newest first, or one version (see gated-history.ts). */
  async history(resourceType: string, id: string, versionId?: number): Promise<StoredVersion[]> {
    return historyThroughGate(this, this.#deps, resourceType, id, versionId);
  }

  /** A FHIR search (see gated-search.ts): one page of what the actor may see. */
  async search(plan: SearchPlan): Promise<SearchPage> {
    return searchThroughGate(this, this.#deps, plan);
  }

  /** The resource as this decision lets the actor see it (a field mask, or all of it). */
  masked(resource: Resource, decision: AccessDecision): Resource {
    return masked(resource, decision);
  }

  /** Creates, updates or deletes through the gate (see gated-writes.ts). */
  async write(request: WriteRequest): Promise<Resource> {
    return writeThroughGate(this, this.#deps, request);
  }

  /**
   * Several changes through the gate in one transaction, all or nothing. `alongside` runs in
   * that transaction once every change is written (queueing the notice of a reply), so what it
   * does commits with them or not at all.
   */
  async writeAll(
    requests: readonly WriteRequest[],
    alongside?: (tx: Tx) => Promise<void>,
  ): Promise<Resource[]> {
    return writeAllThroughGate(this, this.#deps, requests, alongside);
  }

  /**
   * The decision for one resource in an open gate session. Public for gated-writes.ts; handlers
   * never call it (they call read, search and write, which audit what it says).
   */
  async decide(
    session: GateSession,
    action: AccessAction,
    resource: Resource,
    patientId: string | null = patientCompartmentOf(resource) ?? null,
    workflow: Pick<
      AccessTarget,
      | 'ownDetailsUpdate'
      | 'changeRequest'
      | 'patientWorkflow'
      | 'messagingWorkflow'
      | 'billingWorkflow'
    > = {},
  ): Promise<AccessDecision> {
    const context = await this.contextOf(session, patientId);
    return decideAccess({
      actor: session.actor,
      action,
      target: {
        tenantId: this.tenantId,
        patientId,
        resourceType: resource.resourceType,
        sensitivity: sensitivityOf(resource),
        ...releaseOf(resource),
        ...workflow,
      },
      context,
    });
  }

  /**
   * The actor's access context for one patient, read once per gate session. Public for
   * gated-search.ts, which gathers a staff member's contexts before opening a page: each comes
   * with its patient's key (staff-context.ts).
   */
  contextOf(session: GateSession, patientId: string | null): Promise<AccessContext> {
    let pending = session.contexts.get(patientId);
    if (!pending) {
      pending = gatherAccessContext(
        session.tx,
        session.actor,
        this.tenantId,
        patientId,
        session.keys,
        session.now,
      );
      session.contexts.set(patientId, pending);
    }
    return pending;
  }

  /** The audit entry of one decision by this repository's actor. */
  entry(
    action: AccessAction,
    target: { patientId: string | null; resourceType: string; resourceId?: string | null },
    decision: AuditedDecision,
  ): AuditEntryInput {
    if (!this.#principal) throw new Error('An audit entry was made outside a gate transaction');
    return accessAuditEntry(this.#principal, this.#origin, action, target, decision);
  }

  /**
   * Runs `work` in a tenant transaction with the principal and actor resolved in it, then
   * appends the audit entries it collected in the same transaction: they commit together or not
   * at all. If `work` finds records whose keys are not at hand, it runs again once they are.
   */
  async transaction<T>(keys: RecordKeys, work: (session: GateSession) => Promise<T>): Promise<T> {
    return this.#session(tenantTransaction, keys, work);
  }

  /** {@link transaction}'s body, in a tenant transaction or (reads only) a read session. */
  async #session<T>(
    open: typeof tenantTransaction,
    keys: RecordKeys,
    work: (session: GateSession) => Promise<T>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await open(this.#deps.db, this.tenantId, async (tx) => {
          const now = this.#deps.now();
          const { principal, staffFacts } =
            this.#source.kind === 'deferred'
              ? await this.#source.resolve(tx, now)
              : { principal: this.#source, staffFacts: undefined };
          this.#principal = principal;
          const actor = await resolveActor(tx, principal, now, staffFacts);
          const session: GateSession = { tx, actor, keys, now, audit: [], contexts: new Map() };
          const result = await work(session);
          await appendInTransaction(tx, session.audit);
          return result;
        });
      } catch (error) {
        if (!(error instanceof KeysNeeded) || attempt >= KEY_ATTEMPTS) throw error;
        await keys.fetch(error.compartments, { create: error.create });
      }
    }
  }

  /**
   * A gate transaction that only reads: like {@link transaction}, but in a read session (on
   * PostgreSQL no BEGIN or COMMIT, and any write fails), and its audit entries go to the audit
   * writer once it has ended (shared with concurrent requests, so a read costs no audit round
   * trips of its own); the result is handed back only once they are durable. Without a writer,
   * the entries are appended inside a transaction.
   */
  async readTransaction<T>(
    keys: RecordKeys,
    work: (session: GateSession) => Promise<T>,
  ): Promise<T> {
    const writer = this.#deps.auditWriter;
    if (!writer) return this.transaction(keys, work);
    let entries: AuditEntryInput[] = [];
    const result = await this.#session(tenantReadSession, keys, async (session) => {
      const value = await work(session);
      entries = session.audit.splice(0);
      return value;
    });
    await writer.append(entries);
    return result;
  }

  /**
   * The current version of a record. For staff, the record and their context for its patient
   * come in one statement, and the context is kept for the decision that follows.
   */
  async #readCurrent(
    session: GateSession,
    resourceType: string,
    id: string,
  ): Promise<StoredVersion | undefined> {
    const { tx, actor, keys, now } = session;
    if (actor.kind !== 'staff') {
      return readCurrentVersion(tx, this.tenantId, keys, resourceType, id);
    }
    const question = { tenantId: this.tenantId, userId: actor.userId, now, resourceType, id };
    const found = await readWithStaffContext(tx, keys, question);
    if (found?.context)
      session.contexts.set(found.stored.patientId, Promise.resolve(found.context));
    return found?.stored;
  }

  #keys(compartments: readonly (string | null)[]): Promise<RecordKeys> {
    return RecordKeys.load(this.#deps.keyring, this.tenantId, compartments, { create: false });
  }
}

/** The decision recorded for a read of something that does not exist. */
const NOT_FOUND = {
  allowed: false,
  reason: 'not_found',
  purposeOfUse: null,
  breakGlass: false,
} as const;

function releaseOf(resource: Resource): { releaseAt?: Date } {
  const releaseAt = releaseAtOf(resource);
  return releaseAt ? { releaseAt } : {};
}

function masked(resource: Resource, decision: AccessDecision): Resource {
  return applyFieldMask(
    resource as unknown as Record<string, unknown>,
    decision.fields,
  ) as unknown as Resource;
}
