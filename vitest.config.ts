// Tests run in three projects. `unit` holds tests that need no database. Every database test
// (named `*.db.test.ts`) runs twice: once on embedded PGlite and once on the PostgreSQL server
// named by HAVEN_TEST_DATABASE_URL. In CI that variable is required; on a laptop without
// PostgreSQL the postgres project is left out with a loud line saying so.
import { defineConfig } from 'vitest/config';

const postgresUrl = process.env.HAVEN_TEST_DATABASE_URL;
if (!postgresUrl) {
  if (process.env.CI) {
    throw new Error(
      'HAVEN_TEST_DATABASE_URL must be set in CI: database tests run on PostgreSQL too',
    );
  }
  process.stderr.write(
    '\n*** HAVEN_TEST_DATABASE_URL is not set: database tests run on PGlite only. ***\n\n',
  );
}

// --experimental-websocket: the @medplum/* packages need the global WebSocket on Node 20.
const shared = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  execArgv: ['--experimental-websocket'],
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['server/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'pglite',
          include: ['server/**/*.db.test.ts'],
          env: { HAVEN_TEST_DRIVER: 'pglite' },
        },
      },
      ...(postgresUrl
        ? [
            {
              test: {
                ...shared,
                name: 'postgres',
                include: ['server/**/*.db.test.ts'],
                env: { HAVEN_TEST_DRIVER: 'postgres', HAVEN_TEST_DATABASE_URL: postgresUrl },
                globalSetup: ['server/test/postgres-global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
