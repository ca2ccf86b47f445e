/**
 * Running a search plan: which current resources match, in order, one page at a time. Only ids,
 * versions and compartments come back; the caller opens the records and asks the gate about
 * each, so the page may hold fewer entries than the count once refused records are left out.
 */
import {
  sql,
  type ExpressionBuilder,
  type OrderByItemBuilder,
  type RawBuilder,
  type SqlBool,
} from 'kysely';
import type { StoredRow } from '../../records/record-store.js';
import type { HavenSchema } from '../../db/schema.js';
import type { Tx } from '../../db/transactions.js';
import type { DateCondition, DatePrefix, SearchPlan } from './search-request.js';
import { PLAN_EACH_TIME } from '../../db/prepared-statements.js';
import { keyedTerm } from './search-index.js';

export interface Candidate {
  id: string;
  versionId: number;
  patientId: string | null;
}

type Eb = ExpressionBuilder<HavenSchema & { c: HavenSchema['fhir_current'] }, 'c'>;

/** One page of matches (`more`: whether another page follows). */
export async function findCandidates(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  plan: SearchPlan,
): Promise<{ candidates: Candidate[]; more: boolean }> {
  if (plan.count === 0) return { candidates: [], more: false };
  let query = matching(tx, tenantId, searchKey, plan).select([
    'c.id',
    'c.version_id',
    'c.patient_id',
  ]);
  for (const key of sortKeys(tenantId, plan)) {
    query = query.orderBy(key.expression, (ob) => orderOf(ob, key));
  }
  const rows = await query
    .orderBy('c.id')
    .limit(plan.count + 1)
    .offset(plan.offset)
    // How selective each term is differs by value and by practice: plan for these values.
    .modifyEnd(sql.raw(PLAN_EACH_TIME))
    .execute();
  return {
    candidates: rows
      .slice(0, plan.count)
      .map((r) => ({ id: r.id, versionId: r.version_id, patientId: r.patient_id })),
    more: rows.length > plan.count,
  };
}

/**
 * One page of matches with their stored rows, in ONE statement: the page is chosen from the
 * index first (ids only, ordered and limited), then only its rows are joined, and ordered again
 * by the same keys, selected as columns, since a join keeps no order of its own.
 */
export async function findPage(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  plan: SearchPlan,
): Promise<{ rows: StoredRow[]; more: boolean }> {
  if (plan.count === 0) return { rows: [], more: false };
  const keys = sortKeys(tenantId, plan);
  let page = matching(tx, tenantId, searchKey, plan).select(['c.id', 'c.version_id']);
  keys.forEach((key, i) => {
    page = page
      .select(key.expression.as(`s${i}`))
      .orderBy(key.expression, (ob) => orderOf(ob, key));
  });
  page = page
    .orderBy('c.id')
    .limit(plan.count + 1)
    .offset(plan.offset);
  const outerOrder = keys.map(
    (key, i) =>
      sql`${sql.ref(`p.s${i}`)} ${sql.raw(key.descending ? 'desc' : 'asc')}${sql.raw(key.nullsLast ? ' nulls last' : '')}`,
  );
  const { rows } = await sql<StoredRow>`
    select r.* from (${page}) as p
    join fhir_resource r on r.tenant_id = ${tenantId} and r.resource_type = ${plan.resourceType}
      and r.id = p.id and r.version_id = p.version_id
    order by ${sql.join([...outerOrder, sql`p.id`])} ${sql.raw(PLAN_EACH_TIME)}`.execute(tx);
  return { rows: rows.slice(0, plan.count), more: rows.length > plan.count };
}

/** The current resources of the plan's type that match its conditions (`c` is fhir_current). */
function matching(tx: Tx, tenantId: string, searchKey: Buffer, plan: SearchPlan) {
  let query = tx
    .selectFrom('fhir_current as c')
    .where('c.tenant_id', '=', tenantId)
    .where('c.resource_type', '=', plan.resourceType)
    .where('c.deleted', '=', false);
  if (plan.ids) query = query.where('c.id', 'in', plan.ids);
  if (plan.patientIds) query = query.where('c.patient_id', 'in', plan.patientIds);
  for (const condition of plan.lastUpdated) {
    query = query.where(
      compareRange(sql.ref('c.last_updated'), sql.ref('c.last_updated'), condition),
    );
  }
  for (const condition of plan.terms) {
    query = query.where((eb) =>
      eb.or(
        condition.anyOf.map((terms) =>
          eb.and(
            terms.map((term) =>
              eb(
                'c.id',
                'in',
                eb
                  .selectFrom('fhir_search_token as t')
                  .select('t.id')
                  .where('t.tenant_id', '=', tenantId)
                  .where('t.resource_type', '=', plan.resourceType)
                  .where('t.param', '=', condition.param)
                  .where(
                    't.term',
                    '=',
                    keyedTerm(searchKey, plan.resourceType, condition.param, term),
                  ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  for (const condition of plan.dates) {
    query = query.where((eb) => dateMatch(eb, tenantId, plan.resourceType, condition));
  }
  return query;
}

/** One key of the page's order, before the id that breaks ties. */
interface SortKey {
  expression: RawBuilder<unknown>;
  descending: boolean;
  /** Resources without the date come last whichever way the sort goes. */
  nullsLast: boolean;
}

/** The plan's `_sort`, or newest change first. */
function sortKeys(tenantId: string, plan: SearchPlan): SortKey[] {
  if (plan.sort.length === 0) {
    return [{ expression: sql`c.last_updated`, descending: true, nullsLast: false }];
  }
  return plan.sort.map(({ field, descending }) => {
    if (field === '_lastUpdated')
      return { expression: sql`c.last_updated`, descending, nullsLast: false };
    if (field === '_id') return { expression: sql`c.id`, descending, nullsLast: false };
    return {
      expression: earliestDate(tenantId, plan.resourceType, field),
      descending,
      nullsLast: true,
    };
  });
}

function orderOf(ob: OrderByItemBuilder, key: SortKey): OrderByItemBuilder {
  const directed = key.descending ? ob.desc() : ob.asc();
  return key.nullsLast ? directed.nullsLast() : directed;
}

/** Whether a stored date range of the resource satisfies the condition (`ne`: none equals). */
function dateMatch(eb: Eb, tenantId: string, resourceType: string, condition: DateCondition) {
  const prefix = condition.prefix === 'ne' ? 'eq' : condition.prefix;
  const rows = eb
    .selectFrom('fhir_search_date as d')
    .select('d.id')
    .where('d.tenant_id', '=', tenantId)
    .where('d.resource_type', '=', resourceType)
    .where('d.param', '=', condition.param)
    .whereRef('d.id', '=', 'c.id')
    .where(compareRange(sql.ref('d.low'), sql.ref('d.high'), { prefix, range: condition.range }));
  return condition.prefix === 'ne' ? eb.not(eb.exists(rows)) : eb.exists(rows);
}

/**
 * FHIR's date prefixes over closed ranges [low, high] of the stored value and [ql, qh] of the
 * searched one (FHIR R4 search, 3.1.1.4.2.1).
 */
function compareRange(
  low: RawBuilder<unknown>,
  high: RawBuilder<unknown>,
  condition: { prefix: DatePrefix; range: { low: Date; high: Date } },
): RawBuilder<SqlBool> {
  const { low: ql, high: qh } = condition.range;
  switch (condition.prefix) {
    case 'eq':
      return sql<SqlBool>`(${low} >= ${ql} and ${high} <= ${qh})`;
    case 'ne':
      return sql<SqlBool>`(${low} < ${ql} or ${high} > ${qh})`;
    case 'gt':
      return sql<SqlBool>`(${high} > ${qh})`;
    case 'ge':
      return sql<SqlBool>`(${high} >= ${ql})`;
    case 'lt':
      return sql<SqlBool>`(${low} < ${ql})`;
    case 'le':
      return sql<SqlBool>`(${low} <= ${qh})`;
    case 'sa':
      return sql<SqlBool>`(${low} > ${qh})`;
    case 'eb':
      return sql<SqlBool>`(${high} < ${ql})`;
    case 'ap':
      return sql<SqlBool>`(${low} <= ${qh} and ${high} >= ${ql})`;
  }
}

/** The earliest stored value of a date parameter, for `_sort`. */
function earliestDate(tenantId: string, resourceType: string, param: string) {
  return sql`(select min(d.low) from fhir_search_date d where d.tenant_id = ${tenantId}
    and d.resource_type = ${resourceType} and d.param = ${param} and d.id = c.id)`;
}
