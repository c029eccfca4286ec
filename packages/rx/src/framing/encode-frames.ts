import type { Sendable } from '@rxdc/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { checkOptions } from '../errors/argument-checks.js';
import { FrameEncoder, type FramingOptions, toRawMessage } from './frame-encoder.js';
import { nativeCrc32 } from './native-crc32.js';
import { FRAMING_OPTIONS } from './wire-format.js';

/**
 * Encodes messages (or groups of messages from {@link coalesce}) into packets of the framing
 * wire format: each packet is one native message no larger than `packetSize`. Small messages
 * of a group share batch packets; large ones (up to `maxMessageSize`, default 64 MiB) are
 * split into fragments. A message over the maximum fails the stream with `MESSAGE_TOO_LARGE`.
 *
 * @example
 * ```ts
 * import { encodeFrames, sendWithBackpressure } from '@rxdc/rx';
 * files$.pipe(encodeFrames({ packetSize: channel.maxMessageSize }), sendWithBackpressure(channel)).subscribe();
 * ```
 */
export function encodeFrames(
  options: FramingOptions = {},
): OperatorFunction<Sendable | readonly Sendable[], Buffer> {
  checkOptions('encodeFrames(options)', options, FRAMING_OPTIONS);
  return (source) =>
    new Observable<Buffer>((subscriber) => {
      const encoder = new FrameEncoder({
        ...options,
        alloc: (size) => Buffer.allocUnsafe(size),
        ...(nativeCrc32 && { crc: nativeCrc32 }),
      });
      return source.subscribe({
        next: (value) => {
          const group = (Array.isArray(value) ? value : [value]) as readonly Sendable[];
          try {
            for (const packet of encoder.encode(group.map(toRawMessage))) {
              subscriber.next(packet as Buffer);
              if (subscriber.closed) return;
            }
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
