import type { Check } from '../errors/argument-checks.js';

/**
 * The byte source every media reader iterates with `for await`: an (async) iterable such as a
 * Node Readable (a file, an encoder's stdout), a web ReadableStream or an array of chunks.
 * Checked at the call, since a generator's own body runs only at the first `next()`.
 *
 * @internal
 */
export const isChunkSource =
  (what: string): Check =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    (Symbol.asyncIterator in value || Symbol.iterator in value)
      ? undefined
      : `an (async) iterable of ${what}`;

/** Bytes: a Uint8Array (a Buffer is one). @internal */
export const isBytes: Check = (value) =>
  value instanceof Uint8Array ? undefined : 'a Uint8Array (a Buffer is one)';
