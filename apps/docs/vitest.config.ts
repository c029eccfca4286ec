import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-datachannel is not safe in worker threads; the examples also run as child processes.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // One file at a time: Chromium and the example peers share two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
