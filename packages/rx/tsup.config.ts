import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

/**
 * The platform-neutral modules of `@rxdc/native` that the browser module uses (the error base,
 * describeError, the FIFO, the rule of what `send` takes). `@rxdc/native`'s entry loads node-datachannel, which a page cannot, so the browser
 * build bundles these source modules instead of importing the package; the Node entry imports
 * `@rxdc/native` as usual. One source either way: `RxdcError` brands its instances, so
 * `instanceof` holds between the bundled and the imported class. A browser module that imports
 * anything else from `@rxdc/native` fails this build (on purpose).
 */
const nativeForPages = [
  'errors/rxdc-error.ts',
  'errors/describe-error.ts',
  'queue/bounded-fifo.ts',
  'messages/send-message.ts',
].map((file) => fileURLToPath(new URL(`../native/src/${file}`, import.meta.url)));

const shared: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
};

// The two builds run side by side into one folder, so neither cleans it (one could remove the
// other's output): the build script empties dist/ first. Not here: tools such as knip load this
// file without building.
export default defineConfig([
  { ...shared, entry: ['src/index.ts'] },
  {
    ...shared,
    // The framed protocol for pages: no Node API, no dependency, runs without a bundler.
    entry: ['src/browser.ts'],
    noExternal: ['@rxdc/native'],
    esbuildPlugins: [
      {
        name: 'rxdc-native-for-pages',
        setup(build) {
          build.onResolve({ filter: /^@rxdc\/native$/ }, () => ({
            path: 'rxdc-native-for-pages',
            namespace: 'rxdc-native-for-pages',
          }));
          build.onLoad({ filter: /.*/, namespace: 'rxdc-native-for-pages' }, () => ({
            contents: nativeForPages
              .map((file) => `export * from ${JSON.stringify(file)};`)
              .join('\n'),
            loader: 'ts',
            resolveDir: fileURLToPath(new URL('.', import.meta.url)),
          }));
        },
      },
    ],
  },
]);
