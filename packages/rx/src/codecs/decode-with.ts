import type { Message } from '@rxdc/core';
import { describeError } from '@rxdc/native';
import { Observable, type OperatorFunction } from 'rxjs';
import { checkArgument } from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';
import { type Codec, isCodec } from './codec.js';
import type { Decoded } from './decoded.js';

/**
 * Decodes each message with `codec`. Every message gives one {@link Decoded} value: a failure
 * is a value carrying an `RxError` (`DECODE_FAILED`) that names the message (its index in the
 * stream and a preview), so one bad message neither throws nor ends the stream.
 *
 * @example
 * ```ts
 * import type { DataChannel } from '@rxdc/core';
 * import { decodeWith, json } from '@rxdc/rx';
 * import { filter, map } from 'rxjs';
 * type Chat = { text: string };
 * declare const channel: DataChannel;
 * const chats$ = channel.messages$.pipe(
 *   decodeWith(json<Chat>()),
 *   filter((result) => result.ok),
 *   map((result) => result.value),
 * );
 * ```
 */
export function decodeWith<T>(codec: Codec<T>): OperatorFunction<Message, Decoded<T>> {
  checkArgument('decodeWith(codec)', 'codec', codec, isCodec);
  return (source) =>
    new Observable<Decoded<T>>((subscriber) => {
      let index = 0;
      return source.subscribe({
        next: (message) => {
          const at = index++;
          let result: Decoded<T>;
          try {
            result = { ok: true, value: codec.decode(message), message };
          } catch (cause) {
            const reason = describeError(cause);
            const error = new RxError(
              'DECODE_FAILED',
              `${codec.name} codec could not decode message #${at} (${preview(message)}): ${reason}`,
              { cause },
            );
            result = { ok: false, error, message };
          }
          subscriber.next(result);
        },
        error: (error) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

/** A short, printable description of a message for error texts. @internal */
function preview(message: Message): string {
  if (typeof message === 'string') {
    const shown = message.length > 40 ? `${message.slice(0, 40)}...` : message;
    return `text of ${message.length} chars: ${JSON.stringify(shown)}`;
  }
  const head = message.subarray(0, 16).toString('hex');
  return `${message.byteLength} bytes: ${head}${message.byteLength > 16 ? '...' : ''}`;
}
