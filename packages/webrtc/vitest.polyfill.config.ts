import { defineConfig } from 'vitest/config';

// Not part of `pnpm test`: runs this package's own conformance tests against another
// implementation (node-datachannel's polyfill) for the README's comparison.
export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^(\.\.\/)+src\/index\.js$/,
        replacement: new URL('./test/compare/polyfill-entry.mjs', import.meta.url).pathname,
      },
    ],
  },
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    exclude: ['test/process-exit.test.ts', 'test/simple-peer.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
});
