import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', dsl: 'src/dsl/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
  // One copy of each module shared by both entries, in CommonJS too (tsup splits only ESM by
  // default): otherwise dsl.cjs bundles its own WsServer class and
  // `dsl_websocket_server() instanceof WsServer` is false for a CommonJS caller.
  splitting: true,
});
