import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-datachannel is not safe in worker threads; Chromium is slow to start on two cores.
    pool: 'forks',
    include: ['test/**/*.test.mjs'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
