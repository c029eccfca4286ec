import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-datachannel is not safe in worker threads; the bench runs its figures in child
    // processes of its own anyway.
    pool: 'forks',
    include: ['test/**/*.test.mjs'],
    testTimeout: 240_000,
    maxWorkers: 1,
  },
});
