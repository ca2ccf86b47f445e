/**
 * Named prepared statements on PostgreSQL connections. Kysely sends every statement unnamed, so
 * PostgreSQL parses and plans it again on every call; most of what Haven sends is the same few
 * dozen statements (the token check, a staff member's facts, a record by id, the audit append)
 * with new values. Naming each distinct statement text once per connection lets PostgreSQL keep
 * its parse and plan: the FHIR API bench measured about half the database's CPU per read gone.
 *
 * Bounded: a connection names at most `maxPerConnection` texts (the first it sees; the hot ones
 * come first) and sends the rest unnamed, so statements whose text varies (an `in` list of any
 * length) cannot grow a backend's memory without end. Statements without parameters stay on the
 * simple protocol, which is what lets one message carry several statements.
 *
 * A statement whose best plan depends on its values (a search: one code matches five rows in one
 * practice and fifty thousand in another) carries {@link PLAN_EACH_TIME} and is never named: a
 * named statement may switch to PostgreSQL's generic plan after five runs, and for the FHIR
 * search that plan scanned every resource with the code instead of the patient's own (226 ms
 * instead of 0.7 at 100,000 resources).
 *
 * Plans are per connection and follow the role: PostgreSQL re-plans a cached statement whose
 * row-level security depends on the role when the role differs, and the tenant wall's
 * `current_setting` is read at execution, never folded into a plan.
 */
import type pg from 'pg';

export const DEFAULT_MAX_PREPARED = 500;

/** Marks a statement to be planned for its values on every run (add it with `modifyEnd`). */
export const PLAN_EACH_TIME = '/* haven: plan each time */';

type QueryFunction = (...args: unknown[]) => unknown;

/** SQLSTATE of "cached plan must not change result type". */
const FEATURE_NOT_SUPPORTED = '0A000';

/** Makes `client.query(text, values)` run as a named statement; call once per new client. */
export function namePreparedStatements(
  client: pg.PoolClient,
  maxPerConnection = DEFAULT_MAX_PREPARED,
): void {
  const names = new Map<string, string>();
  let made = 0;
  const query = client.query.bind(client) as QueryFunction;
  const named: QueryFunction = (text, values, ...rest) => {
    if (
      typeof text !== 'string' ||
      !Array.isArray(values) ||
      values.length === 0 ||
      text.includes(PLAN_EACH_TIME)
    ) {
      return query(text, values, ...rest);
    }
    let name = names.get(text);
    if (name === undefined && names.size < maxPerConnection) {
      name = `haven_${made++}`;
      names.set(text, name);
    }
    if (name === undefined) return query(text, values, ...rest);
    const result = query({ name, text, values }, ...rest);
    if (result instanceof Promise) {
      // A table changed under a prepared statement (a newer node's migration added a column):
      // PostgreSQL refuses the old plan ("cached plan must not change result type"). This call
      // fails; the name is forgotten, so the next one prepares the statement afresh.
      // A value the driver could not convert (no SQLSTATE: it never reached the server) leaves
      // pg believing the statement parsed when the server closed it: use a new name next time.
      result.catch((error: { code?: unknown }) => {
        if (error?.code === FEATURE_NOT_SUPPORTED || error?.code === undefined) names.delete(text);
      });
    }
    return result;
  };
  (client as unknown as { query: QueryFunction }).query = named;
}
