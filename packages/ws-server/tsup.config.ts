import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      dsl: 'src/dsl/index.ts',
      client: 'src/client/index.ts',
      cluster: 'src/cluster/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    treeshake: true,
    // One copy of each module shared by every entry, in CommonJS too (tsup splits only ESM by
    // default): otherwise dsl.cjs bundles its own WsServer class and
    // `dsl_websocket_server() instanceof WsServer` is false for a CommonJS caller.
    splitting: true,
    // import.meta.url in the CommonJS build (the cluster loads ioredis with createRequire).
    shims: true,
  },
  {
    // One self-contained ES module for pages that import it without a bundler.
    entry: { 'browser-client': 'src/browser-client/index.ts' },
    format: ['esm'],
    platform: 'browser',
    dts: true,
    sourcemap: true,
    target: 'es2020',
    treeshake: true,
    noExternal: [/.*/],
  },
]);
