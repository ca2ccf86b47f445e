/**
 * On PostgreSQL, the tenant wall travels in the same message as the statements it guards, so
 * that a request pays no round trip (and no socket write, the costliest thing a request does
 * here, by the FHIR API bench's profiles) for opening and closing its transaction:
 *
 * - **A transaction** (`tenantTransaction`) sends its opening marked with
 *   {@link OPEN_WITH_FIRST_STATEMENT}. It is held back and sent with the next statement as one
 *   extended-protocol sequence under one Sync: Parse/Bind/Execute of `begin`, of the wall, then
 *   the statement itself. A transaction that ends before sending anything sends nothing at all.
 * - **A read session** (`tenantReadSession`) sends {@link WALL_EACH_STATEMENT}. Each statement
 *   then goes with the wall, made read-only, under its own Sync: PostgreSQL runs the two as one
 *   implicit transaction, where `set_config(..., true)` lasts until that Sync. No BEGIN, no
 *   COMMIT. Under READ COMMITTED, which Haven uses, statements of one transaction never shared
 *   a snapshot anyway, so a session that only reads loses nothing by it, and a write in one
 *   fails (read-only) instead of committing alone.
 *
 * PostgreSQL runs the messages before a Sync in order and stops at the first error, so a
 * statement can never run outside its wall: if the wall fails, the statement is skipped and its
 * caller gets the error. PGlite (no sockets) runs marked text as it is: the marks are comments.
 *
 * Written here because `pg` has no way to send two statements under one Sync (its pipeline
 * mode gives each its own Sync), and no other maintained driver fits Kysely's `pg` dialect. It
 * leans on two pieces of `pg`'s Query bookkeeping, named below; `wall-in-message.db.test.ts`
 * holds them.
 */
import pg from 'pg';

/** Marks the opening of a tenant transaction (see the module comment). */
export const OPEN_WITH_FIRST_STATEMENT = '/* haven: open with the first statement */ ';

/** Marks the start of a read session: the wall that follows goes with each statement. */
export const WALL_EACH_STATEMENT = '/* haven: wall with each statement */ ';

const BEGIN = 'begin; ';

/** The text that opens a tenant transaction: BEGIN, then `wall` (one statement, no `;`). */
export function openingText(wall: string): string {
  return `${OPEN_WITH_FIRST_STATEMENT}${BEGIN}${wall}`;
}

/** Ends a read session; a plain COMMIT or ROLLBACK in one is sent behind the wall like any. */
export const END_READ_SESSION = '/* haven: end of read session */ commit';

/** The text that starts a read session behind `wall` (one statement, no `;`). */
export function readSessionText(wall: string): string {
  return `${WALL_EACH_STATEMENT}${wall}, set_config('transaction_read_only', 'on', true)`;
}

type QueryFunction = (...args: unknown[]) => unknown;

interface ConnectionLike {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string | undefined>;
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

/**
 * A statement preceded, under one Sync, by `prefix` (statements whose results are dropped).
 * `pg`'s client records a named statement as parsed when a ParseComplete arrives while it is
 * active, and forgets a submitted name on an error only for the active query's name: so until
 * the prefix's results are in, this query shows no name (their ParseCompletes must not mark it
 * parsed), and on an error in the prefix it forgets its own submitted name itself (the server
 * skipped its Parse).
 */
class PrefixedQuery extends BaseQuery {
  /** Tells a driver-level counter (the FHIR bench) whether this message opens a transaction. */
  readonly opensTransaction: boolean;
  #prefixDone = 0;
  #submitting = false;
  /** The statement's own name, which `name` shows only while it is safe to. */
  readonly #name: string | undefined;

  constructor(
    private readonly prefix: readonly string[],
    config: { text: string; values?: unknown; name?: string },
  ) {
    // Extended even without values: the simple protocol would answer with a Sync of its own.
    super({ ...config, queryMode: 'extended' });
    this.opensTransaction = prefix[0] === 'begin';
    this.#name = config.name;
    Object.defineProperty(this, 'name', {
      get: () => (this.#submitting || this.#prefixDone >= prefix.length ? this.#name : undefined),
      configurable: true,
    });
  }

  override submit(connection: ConnectionLike): Error | null {
    // pg's own checks, made before the prefix is written: a refusal after it would leave the
    // prefix on the wire without its Sync, and the next query would read its answers.
    const refused = this.#refusal(connection);
    if (refused) return refused;
    connection.stream.cork?.();
    this.#submitting = true;
    try {
      for (const text of this.prefix) {
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

  #refusal(connection: ConnectionLike): Error | null {
    const { text, values } = this as unknown as { text?: unknown; values?: unknown };
    const name = this.#name;
    const previous =
      name === undefined
        ? undefined
        : (connection.parsedStatements[name] ?? connection.submittedNamedStatements[name]);
    if (typeof text !== 'string') return new Error('A query must have text');
    if (previous !== undefined && previous !== text) {
      return new Error(`Prepared statements must be unique - '${name}' was used for another text`);
    }
    if (values !== undefined && !Array.isArray(values)) {
      return new Error('Query values must be an array');
    }
    return null;
  }

  override handleCommandComplete(message: unknown, connection: ConnectionLike): void {
    if (this.#prefixDone < this.prefix.length) this.#prefixDone++;
    else super.handleCommandComplete(message, connection);
  }

  override handleDataRow(message: unknown): void {
    if (this.#prefixDone >= this.prefix.length) super.handleDataRow(message);
  }

  override handleError(error: unknown, connection: ConnectionLike): void {
    if (this.#prefixDone < this.prefix.length) {
      if (this.#name !== undefined) delete connection.submittedNamedStatements[this.#name];
    }
    super.handleError(error, connection);
  }
}

const NOTHING_SENT = { command: null, rowCount: null, rows: [], fields: [] };

/** Sends `config` behind `prefix` and answers as `client.query` would. */
function sendPrefixed(query: QueryFunction, prefix: readonly string[], config: object) {
  return new Promise((resolve, reject) => {
    const prefixed = new PrefixedQuery(prefix, config as { text: string });
    prefixed.callback = (error, result) => (error ? reject(error) : resolve(result));
    query(prefixed);
  });
}

/**
 * Holds marked openings back on `client` and sends walls with statements (see the module
 * comment). Install before {@link namePreparedStatements}, which then names what it forwards.
 */
export function deferOpenings(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFunction;
  // The wall of a transaction opening not sent yet; a new mark replaces it (nothing was sent).
  let pendingWall: string | undefined;
  // The wall of the read session under way, sent with each statement.
  let sessionWall: string | undefined;
  const deferring: QueryFunction = (...args) => {
    const [first, values] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown })?.text;
    if (typeof text === 'string' && text.startsWith(OPEN_WITH_FIRST_STATEMENT)) {
      pendingWall = text.slice(OPEN_WITH_FIRST_STATEMENT.length + BEGIN.length);
      sessionWall = undefined;
      return Promise.resolve(NOTHING_SENT);
    }
    if (typeof text === 'string' && text.startsWith(WALL_EACH_STATEMENT)) {
      sessionWall = text.slice(WALL_EACH_STATEMENT.length);
      pendingWall = undefined;
      return Promise.resolve(NOTHING_SENT);
    }
    const ending = text === 'commit' || text === 'rollback';
    const config = typeof first === 'string' ? { text: first, values } : (first as object);
    // A callback caller, or a query object of its own (a cursor): not rebuilt as a prefixed one.
    const ownShape =
      args.some((arg) => typeof arg === 'function') ||
      typeof (first as { submit?: unknown })?.submit === 'function';
    if (sessionWall !== undefined) {
      if (text === END_READ_SESSION) {
        sessionWall = undefined; // each statement ended its own implicit transaction
        return Promise.resolve(NOTHING_SENT);
      }
      if (ownShape) throw new Error('A read session takes text and values, answered by promise');
      return sendPrefixed(query, [sessionWall], config);
    }
    const wall = pendingWall;
    if (wall === undefined) return query(...args);
    pendingWall = undefined;
    if (ending) return Promise.resolve(NOTHING_SENT); // nothing was sent, nothing to end
    const params = (config as { values?: unknown }).values;
    if (ownShape || !Array.isArray(params) || params.length === 0) {
      // A simple-protocol statement (several may share its text), or a query of its own shape:
      // the opening goes first, queued in the same tick so nothing can overtake the statement.
      // If it fails, the statement fails too (the transaction is aborted), and says why.
      (query(`${BEGIN}${wall}`) as Promise<unknown>).catch(() => undefined);
      return query(...args);
    }
    return sendPrefixed(query, ['begin', wall], config);
  };
  (client as unknown as { query: QueryFunction }).query = deferring;
}
