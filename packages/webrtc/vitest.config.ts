import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-datachannel is not safe in worker threads: every test file gets its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/no-live-objects.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // One test file at a time: loopback connections of parallel files load the two cores
    // against each other.
    fileParallelism: false,
  },
});
