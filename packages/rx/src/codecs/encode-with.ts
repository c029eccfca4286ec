import type { Sendable } from '@rxdc/core';
import { map, type OperatorFunction } from 'rxjs';
import type { Codec } from './codec.js';

/**
 * Encodes each value with `codec`, ready for a channel's `send` (or for
 * `sendWithBackpressure`). A value the codec cannot encode fails the stream.
 *
 * @example
 * ```ts
 * import { encodeWith, json, sendWithBackpressure } from '@rxdc/rx';
 * updates$.pipe(encodeWith(json<Update>()), sendWithBackpressure(channel)).subscribe();
 * ```
 */
export function encodeWith<T>(codec: Codec<T>): OperatorFunction<T, Sendable> {
  return map((value) => codec.encode(value));
}
