import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', dsl: 'src/dsl/index.ts', cluster: 'src/cluster/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  treeshake: true,
});
