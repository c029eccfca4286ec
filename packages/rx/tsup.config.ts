import { defineConfig } from 'tsup';

export default defineConfig({
  // `browser` is the framed protocol for pages: it imports only platform-neutral modules
  // (no Node API, no dependency), so its output runs in a browser without a bundler. Code it
  // shares with the Node entry goes into a shared chunk, not a copy.
  entry: ['src/index.ts', 'src/browser.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
