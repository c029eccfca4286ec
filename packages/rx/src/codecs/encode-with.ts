import type { Sendable } from '@rxdc/core';
import { map, type OperatorFunction } from 'rxjs';
import { checkArgument } from '../errors/argument-checks.js';
import { type Codec, isCodec } from './codec.js';

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
  checkArgument('encodeWith(codec)', 'codec', codec, isCodec);
  return map((value) => codec.encode(value));
}
