import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-datachannel is not safe in worker threads: every test file gets its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
