import { defineConfig } from 'vitest/config';

// One test run over every package. The `source` condition makes workspace
// packages resolve to their TypeScript sources, so tests never read stale
// build output.
export default defineConfig({
  resolve: {
    conditions: ['source'],
  },
  ssr: {
    resolve: {
      conditions: ['source'],
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'bench/test/**/*.test.ts', 'models/test/**/*.test.ts'],
    globalSetup: ['test/lfw-embeddings.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
