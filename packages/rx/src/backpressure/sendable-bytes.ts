import { describeError, sendBytes } from '@rxdc/native';
import { RxError } from '../errors/rx-error.js';

/**
 * What a channel's `send` takes (the W3C types: text, an `ArrayBuffer`, any `ArrayBufferView`)
 * as text or a `Uint8Array` view of the same bytes (no copy), by `@rxdc/native`'s one rule.
 * Anything else (and a detached buffer) is an {@link RxError} `INVALID_ARGUMENT` saying what
 * `where` was given. Plain code: the browser module uses it too.
 *
 * @internal
 */
export function sendableBytes(data: unknown, where: string): string | Uint8Array {
  try {
    return sendBytes(data);
  } catch (error) {
    throw new RxError('INVALID_ARGUMENT', `${where}: ${describeError(error)}`, { cause: error });
  }
}
