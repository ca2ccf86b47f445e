/**
 * Running a search plan: which current resources match, in order, one page at a time. Only ids,
 * versions and compartments come back; the caller opens the records and asks the gate about
 * each, so the page may hold fewer entries than the count once refused records are left out.
 */
import { sql, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
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
  let query = tx
    .selectFrom('fhir_current as c')
    .select(['c.id', 'c.version_id', 'c.patient_id'])
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
  for (const { field, descending } of plan.sort) {
    const direction = descending ? 'desc' : 'asc';
    if (field === '_lastUpdated') query = query.orderBy('c.last_updated', direction);
    else if (field === '_id') query = query.orderBy('c.id', direction);
    else
      query = query.orderBy(
        earliestDate(tenantId, plan.resourceType, field),
        // Resources without the date come last whichever way the sort goes.
        (ob) => (descending ? ob.desc() : ob.asc()).nullsLast(),
      );
  }
  if (plan.sort.length === 0) query = query.orderBy('c.last_updated', 'desc');
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
