import { createRequire } from 'node:module';
import { RxdcError } from '@rxdc/native';
import { expect, test } from 'vitest';
import * as entry from '../src/index.js';

test('the entry point exports the rx error class', () => {
  expect(new entry.RxError('GAVE_UP', 'x').code).toBe('GAVE_UP');
});

test('RxError extends the rxdc error base, and instanceof holds across the ESM, CommonJS and browser builds', async () => {
  const require = createRequire(import.meta.url);
  const cjs = require('../dist/index.cjs') as typeof entry;
  // Specifiers in variables: the built files, not the sources, whatever TypeScript resolves.
  const [esmFile, pageFile] = ['../dist/index.js', '../dist/browser.js'];
  const esm = (await import(esmFile)) as typeof entry;
  const page = (await import(pageFile)) as typeof entry;
  const copies = [entry, cjs, esm, page].map((copy) => copy.RxError);
  // Four distinct classes (source, two builds, and the browser bundle with its own base)...
  expect(new Set(copies).size).toBe(4);
  for (const made of copies) {
    const error = new made('FRAME_CORRUPT', 'bad packet');
    expect(error.name).toBe('RxError');
    expect(error).toBeInstanceOf(RxdcError);
    expect(error).toBeInstanceOf(Error);
    // ...one brand: each copy's instances are instances of every copy.
    for (const other of copies) expect(error).toBeInstanceOf(other);
  }
  // An error of another rxdc package is not an RxError.
  expect(new RxdcError('X', 'y')).not.toBeInstanceOf(entry.RxError);
});
