// The end-to-end browser tests (`npm run test:e2e`): each file starts its own Haven on a fresh
// PGlite folder and one Chromium, so files run one after another (the CI machine has 2 cores)
// and get long time-outs. The root vitest.config.ts never picks up these `*.e2e.ts` files.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    fileParallelism: false,
    maxWorkers: 1,
    // A failed browser test is not retried: a flaky one should be fixed, not hidden.
    retry: 0,
  },
});
