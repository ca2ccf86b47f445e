/**
 * The report's page cursor: the last row's sort value and its (chain, seq), which is unique in a
 * tenant, so consecutive pages neither skip nor repeat a row. Opaque to clients (base64url JSON)
 * and checked on the way back in, since a client can send anything.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { AppError } from '../errors/app-error.js';
import type { AuditLogRow, AuditSortField } from './audit-report.js';

interface Cursor {
  s: AuditSortField;
  d: 'asc' | 'desc';
  v: string | number | boolean | null;
  c: number;
  q: number;
}

const badCursor = () => new AppError('validation_failed', 'The page cursor is not valid.');

/** Decodes a cursor made by {@link writeCursor} for the same sort. */
export function readCursor(cursor: string, sortBy: AuditSortField, dir: 'asc' | 'desc'): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw badCursor();
  const c = parsed as Partial<Cursor>;
  const valueOk = c.v === null || ['string', 'number', 'boolean'].includes(typeof c.v);
  const at = sortBy === 'at' && (typeof c.v !== 'string' || Number.isNaN(Date.parse(c.v)));
  if (
    c.s !== sortBy ||
    c.d !== dir ||
    !valueOk ||
    at ||
    !Number.isInteger(c.c) ||
    !Number.isSafeInteger(c.q)
  ) {
    throw badCursor();
  }
  return c as Cursor;
}

/** The cursor that continues after `row`. */
export function writeCursor(row: AuditLogRow, sortBy: AuditSortField, dir: 'asc' | 'desc'): string {
  const value = row[sortBy];
  const cursor: Cursor = {
    s: sortBy,
    d: dir,
    v: value instanceof Date ? value.toISOString() : value,
    c: row.chainId,
    q: row.seq,
  };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Columns that are never null: they sort and page without the NULLS LAST handling. */
export const NOT_NULL_COLUMNS = new Set([
  'at',
  'tenant_id',
  'chain_id',
  'seq',
  'action',
  'outcome',
  'break_glass',
]);

/** `column dir`, with NULLS LAST for a nullable column (the same order either way). */
export function orderFor(column: string, dir: 'asc' | 'desc'): RawBuilder<unknown> {
  // A NOT NULL column gets no NULLS clause, so that its index order (NULLS FIRST when
  // descending) still matches and a page is an index scan, not a sort of the whole tenant.
  const nulls = NOT_NULL_COLUMNS.has(column) ? '' : ' nulls last';
  return sql`${sql.ref(column)} ${sql.raw(dir + nulls)}`;
}

/**
 * Rows after the cursor in the order of {@link orderFor}, then `chain_id dir, seq dir`. The
 * value is compared with the column's own type (the parameter takes it), so a cursor value
 * that is not of that type fails the query rather than comparing as text.
 */
export function afterCursor(
  column: string,
  dir: 'asc' | 'desc',
  cursor: Cursor,
): Expression<SqlBool> {
  const col = sql.ref(column);
  const op = sql.raw(dir === 'asc' ? '>' : '<');
  if (NOT_NULL_COLUMNS.has(column)) {
    return sql<SqlBool>`(${col}, chain_id, seq) ${op} (${cursor.v}, ${cursor.c}::smallint, ${cursor.q}::int8)`;
  }
  const tie = sql`(chain_id, seq) ${op} (${cursor.c}::smallint, ${cursor.q}::int8)`;
  if (cursor.v === null) return sql<SqlBool>`(${col} is null and ${tie})`;
  return sql<SqlBool>`(${col} ${op} ${cursor.v} or (${col} = ${cursor.v} and ${tie}) or ${col} is null)`;
}
