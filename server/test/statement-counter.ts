/**
 * Counts the statements sent through a Kysely handle (built and raw ones alike), for tests that
 * hold a path to a number of round trips.
 */
import type { KyselyPlugin, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { HavenDatabase } from '../src/db/database.js';

export interface StatementCounter {
  readonly plugin: KyselyPlugin;
  /** Statements sent through the plugin so far. */
  readonly count: () => number;
}

export function statementCounter(): StatementCounter {
  let statements = 0;
  return {
    plugin: {
      transformQuery: (args: { node: RootOperationNode }) => {
        statements++;
        return args.node;
      },
      transformResult: (args: { result: QueryResult<UnknownRow> }) => Promise.resolve(args.result),
    },
    count: () => statements,
  };
}

/** `db` as it is, but counting every statement sent through it. */
export function countingDatabase(db: HavenDatabase): {
  db: HavenDatabase;
  count: () => number;
} {
  const counter = statementCounter();
  const counted: HavenDatabase = {
    driver: db.driver,
    location: db.location,
    unsafeKysely: db.unsafeKysely.withPlugin(counter.plugin),
    close: () => db.close(),
  };
  return { db: counted, count: counter.count };
}
