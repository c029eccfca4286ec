import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // node-datachannel is not safe in worker threads: every test file gets its own process.
    pool: 'forks',
    include: ['test/**/*.test.ts'],

    testTimeout: 60_000,
    hookTimeout: 30_000,
    // One test file at a time: a loopback connection whose answer reaches the offerer late (a
    // busy event loop) can fail its DTLS check in libdatachannel, so tests do not load the
    // two cores against each other.
    fileParallelism: false,
  },
});
