/**
 * A staff member's access context for one patient (care relationship in force, latest
 * break-the-glass grant, the patient's current Consent resources) in ONE statement: rows of a
 * `context` kind and a `consent` kind, so the same rows can follow the record they are about in a
 * read (`readWithStaffContext`), and a read of a record by id costs one statement for the record
 * and everything its decision needs.
 *
 * The patient's wrapped key generations come along as `key` rows: in a store of many patients
 * most keys are not in this process's key cache (it keeps them a minute), and reading them in a
 * statement of their own made reads and searches of a big store a round trip slower than of a
 * small one. They are unwrapped only when not cached (RecordKeys.adoptStored).
 *
 * The same facts as a care relationship in force, `activeBreakGlass` and `readConsentFacts` (a
 * test holds the paths equal); like them, read in the caller's transaction with no cache, so an ended care
 * relationship or a withdrawn consent binds the very next request.
 */
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { AccessContext } from '../access/index.js';
import { toConsentFacts } from '../consents/consent-facts.js';
import type { Tx } from '../db/transactions.js';
import type { RecordKeys } from '../records/record-keys.js';
import {
  CURRENT_VERSIONS,
  isStoredId,
  openRow,
  type StoredRow,
  type StoredVersion,
} from '../records/record-store.js';

/** One row of the context statement; the `record` kind is the read's own record. */
export interface ContextRow {
  row_kind: 'record' | 'context' | 'consent' | 'key';
  care: boolean | null;
  grant_granted_at: Date | null;
  grant_expires_at: Date | null;
  grant_reason: string | null;
  resource_type: string | null;
  id: string | null;
  version_id: number | null;
  patient_id: string | null;
  last_updated: Date | null;
  deleted: boolean | null;
  sealed: Buffer | null;
  key_generation: number | null;
  key_wrapping_key_id: string | null;
  key_wrapped: Buffer | null;
  key_active: boolean | null;
}

/**
 * The columns a row of another kind leaves empty, in the order of {@link ContextRow}, named as
 * the first part of a union must name them.
 */
const NO_RECORD = sql.raw(`null::text as resource_type, null::uuid as id,
      null::integer as version_id, null::uuid as patient_id, null::timestamptz as last_updated,
      null::boolean as deleted, null::bytea as sealed`);
const NO_KEY = sql.raw(`null::integer as key_generation, null::text as key_wrapping_key_id,
      null::bytea as key_wrapped, null::boolean as key_active`);

/** Who asks, about which patient (SQL: a parameter or a sub-select), at what moment. */
interface ContextQuestion {
  tenantId: string;
  userId: string;
  patientId: Expression<string | null>;
  now: Date;
}

/** The `context` row and the `consent` rows, as a select list joined by `union all`. */
function contextRowsSql(q: ContextQuestion): RawBuilder<ContextRow> {
  const { tenantId, userId, patientId, now } = q;
  return sql<ContextRow>`
    select 'context' as row_kind,
      exists(select 1 from care_relationship
             where tenant_id = ${tenantId} and user_id = ${userId} and patient_id = ${patientId}
               and starts_at <= ${now} and (ends_at is null or ends_at > ${now})) as care,
      g.granted_at as grant_granted_at, g.expires_at as grant_expires_at,
      g.reason_code as grant_reason, ${NO_RECORD}, ${NO_KEY}
    from (select 1) as one
    left join lateral (
      select granted_at, expires_at, reason_code from break_glass_grant
      where tenant_id = ${tenantId} and user_id = ${userId} and patient_id = ${patientId}
        and granted_at <= ${now}
      order by expires_at desc, granted_at desc limit 1
    ) as g on true
    union all
    select 'consent', null, null, null, null,
      r.resource_type, r.id, r.version_id, r.patient_id, r.last_updated, r.deleted, r.sealed,
      ${NO_KEY}
    from ${CURRENT_VERSIONS}
    where c.tenant_id = ${tenantId} and c.patient_id = ${patientId}
      and c.resource_type = 'Consent' and c.deleted = false
    union all
    select 'key', null, null, null, null, ${NO_RECORD},
      k.generation, k.wrapping_key_id, k.wrapped, k.active_from <= now()
    from patient_key k
    where k.tenant_id = ${tenantId} and k.patient_id = ${patientId}`;
}

/** The staff member's context for `patientId`, in one statement in `tx`. */
export async function staffContext(
  tx: Tx,
  keys: RecordKeys,
  question: Omit<ContextQuestion, 'patientId'> & { patientId: string },
): Promise<AccessContext> {
  // Compartments are UUIDs: any other id names no patient of this store, so nothing binds.
  if (!isStoredId(question.patientId)) {
    return { now: question.now, careRelationship: false, consents: [], restrictions: [] };
  }
  const { rows } = await contextRowsSql({
    ...question,
    patientId: sql.val(question.patientId),
  }).execute(tx);
  adoptKeys(rows, keys, question.patientId);
  return contextOfRows(rows, question.tenantId, keys, question.patientId, question.now);
}

/**
 * The current version of a record (deleted ones included) and the staff member's context for
 * its patient, in one statement; undefined if absent or if its key is gone. The context is
 * undefined for a record in no patient's compartment (the caller gathers that one, which costs
 * nothing).
 */
export async function readWithStaffContext(
  tx: Tx,
  keys: RecordKeys,
  question: Omit<ContextQuestion, 'patientId'> & { resourceType: string; id: string },
): Promise<{ stored: StoredVersion; context?: AccessContext } | undefined> {
  const { tenantId, resourceType, id } = question;
  if (!isStoredId(id)) return undefined;
  const target = sql<StoredRow>`
    select r.* from ${CURRENT_VERSIONS}
    where c.tenant_id = ${tenantId} and c.resource_type = ${resourceType}
      and c.id = ${id.toLowerCase()}`;
  const context = contextRowsSql({ ...question, patientId: sql`(select patient_id from target)` });
  const { rows } = await sql<ContextRow>`
    with target as (${target})
    select 'record' as row_kind, null::boolean as care, null::timestamptz as grant_granted_at,
      null::timestamptz as grant_expires_at, null::text as grant_reason,
      resource_type, id, version_id, patient_id, last_updated, deleted, sealed, ${NO_KEY}
    from target
    union all ${context}`.execute(tx);
  const record = rows.find((row) => row.row_kind === 'record') as StoredRow | undefined;
  if (!record) return undefined;
  if (record.patient_id !== null) adoptKeys(rows, keys, record.patient_id);
  // A record whose key is gone (erased) cannot be opened: it reads as absent.
  await keys.ensureIn(tx, [record.patient_id]);
  if (!keys.has(record.patient_id)) return undefined;
  const stored = openRow(tenantId, keys, record);
  if (record.patient_id === null) return { stored };
  return {
    stored,
    context: contextOfRows(rows, tenantId, keys, record.patient_id, question.now),
  };
}

/** The patient's key generations the statement returned, taken into `keys` (see the top). */
function adoptKeys(rows: readonly ContextRow[], keys: RecordKeys, patientId: string): void {
  const stored = rows.flatMap((row) =>
    row.row_kind === 'key' && row.key_generation !== null && row.key_wrapped !== null
      ? [
          {
            generation: row.key_generation,
            key: { keyId: row.key_wrapping_key_id ?? '', wrapped: Buffer.from(row.key_wrapped) },
            active: row.key_active === true,
          },
        ]
      : [],
  );
  keys.adoptStored(
    patientId,
    stored.sort((a, b) => a.generation - b.generation),
  );
}

function contextOfRows(
  rows: readonly ContextRow[],
  tenantId: string,
  keys: RecordKeys,
  patientId: string,
  now: Date,
): AccessContext {
  const head = rows.find((row) => row.row_kind === 'context');
  if (!head) throw new Error('the staff context statement returned no context row');
  const context: AccessContext = {
    now,
    careRelationship: head.care === true,
    consents: [],
    restrictions: [],
  };
  // A grant is weighed only without a care relationship, as gatherAccessContext does.
  if (!context.careRelationship && head.grant_granted_at && head.grant_expires_at) {
    context.breakGlass = {
      grantedAt: new Date(head.grant_granted_at),
      expiresAt: new Date(head.grant_expires_at),
      reason: head.grant_reason ?? '',
    };
  }
  // Consents live in the patient's sealed Consent resources: without the patient's key there
  // are none to read (and no record of theirs to reach either).
  if (keys.has(patientId)) {
    const consents = rows
      .filter((row) => row.row_kind === 'consent')
      .map((row) => openRow(tenantId, keys, row as StoredRow).resource);
    Object.assign(context, toConsentFacts(consents));
  }
  return context;
}
