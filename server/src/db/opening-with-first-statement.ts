/**
 * On PostgreSQL, a tenant transaction's opening (BEGIN and the tenant wall) travels in the same
 * message as its first statement: one round trip and one socket write fewer for every
 * transaction Haven runs, which the FHIR API bench counts four of per read.
 *
 * `tenantTransaction` sends its opening marked with {@link OPEN_WITH_FIRST_STATEMENT}. PGlite
 * runs it as it is (the mark is a comment). On a pooled `pg` client, {@link deferOpenings} holds
 * it back instead, and sends it with the next statement as one extended-protocol sequence under
 * one Sync: Parse/Bind/Execute of `begin`, of the wall, then the statement itself. PostgreSQL
 * runs them in that order and stops at the first error until the Sync, so the statement can
 * never run outside the wall: if the opening fails, the statement is skipped and its caller
 * gets the error. A transaction that ends before sending anything sends nothing at all.
 *
 * Written here because `pg` has no way to send two statements under one Sync (its pipeline
 * mode gives each its own Sync, and so its own implicit transaction), and no other maintained
 * driver fits Kysely's `pg` dialect. It leans on two pieces of `pg`'s Query bookkeeping, named
 * below; the db tests hold them (`opening-with-first-statement.db.test.ts`).
 */
import pg from 'pg';

/** Marks the opening of a tenant transaction (see the module comment). */
export const OPEN_WITH_FIRST_STATEMENT = '/* haven: open with the first statement */ ';

const BEGIN = 'begin; ';

/** The text that opens a tenant transaction: BEGIN, then `wall` (one statement, no `;`). */
export function openingText(wall: string): string {
  return `${OPEN_WITH_FIRST_STATEMENT}${BEGIN}${wall}`;
}

type QueryFunction = (...args: unknown[]) => unknown;

interface ConnectionLike {
  stream: { cork?: () => void; uncork?: () => void };
  submittedNamedStatements: Record<string, string | undefined>;
  parse(query: { text: string }): void;
  bind(config: object): void;
  execute(config: object): void;
}

interface QueryInternals {
  submit(connection: ConnectionLike): Error | null;
  handleCommandComplete(message: unknown, connection: ConnectionLike): void;
  handleDataRow(message: unknown): void;
  handleError(error: unknown, connection: ConnectionLike): void;
  callback?: (error: Error | null, result?: unknown) => void;
}

// `pg`'s Query, seen with the members a submittable has at run time (its types omit them).
const BaseQuery = pg.Query as unknown as new (config: object) => QueryInternals & { name?: string };

/** The opening's two statements (begin, the wall) answer before the statement's own result. */
const OPENING_RESULTS = 2;

/**
 * A statement preceded by `begin` and the wall under one Sync. `pg`'s client records a named
 * statement as parsed when a ParseComplete arrives while it is active, and forgets a submitted
 * name on an error only for the active query's name: so until the opening's two results are in,
 * this query shows no name (their ParseCompletes must not mark it parsed), and on an error in
 * the opening it forgets its own submitted name itself (it was never parsed).
 */
class OpeningQuery extends BaseQuery {
  /** Tells a driver-level counter (the FHIR bench) that this message opens a transaction. */
  readonly opensTransaction = true;
  #openingDone = 0;
  #submitting = false;

  constructor(
    private readonly wall: string,
    config: { text: string; values: unknown[]; name?: string },
  ) {
    super(config);
    const name = config.name;
    Object.defineProperty(this, 'name', {
      get: () => (this.#submitting || this.#openingDone >= OPENING_RESULTS ? name : undefined),
      configurable: true,
    });
  }

  override submit(connection: ConnectionLike): Error | null {
    connection.stream.cork?.();
    this.#submitting = true;
    try {
      for (const text of ['begin', this.wall]) {
        connection.parse({ text });
        connection.bind({});
        connection.execute({});
      }
      return super.submit(connection);
    } finally {
      this.#submitting = false;
      connection.stream.uncork?.();
    }
  }

  override handleCommandComplete(message: unknown, connection: ConnectionLike): void {
    if (this.#openingDone < OPENING_RESULTS) this.#openingDone++;
    else super.handleCommandComplete(message, connection);
  }

  override handleDataRow(message: unknown): void {
    if (this.#openingDone >= OPENING_RESULTS) super.handleDataRow(message);
  }

  override handleError(error: unknown, connection: ConnectionLike): void {
    if (this.#openingDone < OPENING_RESULTS) {
      this.#submitting = true; // read the real name once
      const name = this.name;
      this.#submitting = false;
      if (name !== undefined) delete connection.submittedNamedStatements[name];
    }
    super.handleError(error, connection);
  }
}

const NOTHING_SENT = { command: null, rowCount: null, rows: [], fields: [] };

/**
 * Holds a marked opening back on `client` until its next statement (see the module comment).
 * Install before {@link namePreparedStatements}, which then names the statements it forwards.
 */
export function deferOpenings(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFunction;
  // The wall of an opening not sent yet; a new opening replaces it (nothing was sent).
  let pendingWall: string | undefined;
  const deferring: QueryFunction = (...args) => {
    const [first, values] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown })?.text;
    if (typeof text === 'string' && text.startsWith(OPEN_WITH_FIRST_STATEMENT)) {
      pendingWall = text.slice(OPEN_WITH_FIRST_STATEMENT.length + BEGIN.length);
      return Promise.resolve(NOTHING_SENT);
    }
    const wall = pendingWall;
    if (wall === undefined) return query(...args);
    pendingWall = undefined;
    // Nothing was sent, so there is nothing to end.
    if (text === 'commit' || text === 'rollback') return Promise.resolve(NOTHING_SENT);
    const config =
      typeof first === 'string' ? { text: first, values } : (first as { values?: unknown });
    const extended = Array.isArray(config.values) && config.values.length > 0;
    if (!extended || args.some((arg) => typeof arg === 'function')) {
      // A simple-protocol statement (or a callback caller): open first, on its own, as before.
      return (query(`${BEGIN}${wall}`) as Promise<unknown>).then(() => query(...args));
    }
    return new Promise((resolve, reject) => {
      const opening = new OpeningQuery(wall, config as { text: string; values: unknown[] });
      opening.callback = (error, result) => (error ? reject(error) : resolve(result));
      query(opening);
    });
  };
  (client as unknown as { query: QueryFunction }).query = deferring;
}
