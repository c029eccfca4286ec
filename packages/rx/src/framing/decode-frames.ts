import type { Message } from '@rxdc/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { checkOptions } from '../errors/argument-checks.js';
import { FrameDecoder } from './frame-decoder.js';
import { nativeCrc32 } from './native-crc32.js';
import { MAX_MESSAGE_SIZE_CHECK } from './wire-format.js';

/**
 * Decodes packets of the framing wire format back into the messages that were sent, in
 * order, with their boundaries (text stays `string`, binary is a `Buffer`).
 *
 * A packet that is not valid (wrong version, failed checksum, lost or repeated packet,
 * incomplete message, message over `maxMessageSize`) fails the stream with an `RxError`
 * whose code says which (`FRAME_VERSION`, `FRAME_CORRUPT`, `FRAME_SEQUENCE`,
 * `FRAME_TRUNCATED`, `MESSAGE_TOO_LARGE`); nothing is thrown and no partial message is
 * emitted. A source that completes in the middle of a message fails with `FRAME_TRUNCATED`.
 *
 * @example
 * ```ts
 * import { decodeFrames } from '@rxdc/rx';
 * channel.messages$.pipe(decodeFrames()).subscribe({
 *   next: (message) => console.log('whole message', message.length),
 *   error: (error) => console.error(error.code, error.message),
 * });
 * ```
 */
export function decodeFrames(
  options: { maxMessageSize?: number } = {},
): OperatorFunction<Message, Message> {
  checkOptions('decodeFrames(options)', options, { maxMessageSize: MAX_MESSAGE_SIZE_CHECK });
  return (source) =>
    new Observable<Message>((subscriber) => {
      // Buffer packets and Buffer reassembly give Buffer messages.
      const decoder = new FrameDecoder({
        ...options,
        alloc: (size) => Buffer.allocUnsafe(size),
        ...(nativeCrc32 && { crc: nativeCrc32 }),
      });
      const emit = (message: string | Uint8Array): void => subscriber.next(message as Message);
      return source.subscribe({
        next: (packet) => {
          try {
            decoder.push(packet, emit);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          try {
            decoder.end();
          } catch (error) {
            return subscriber.error(error);
          }
          subscriber.complete();
        },
      });
    });
}
