import type { Message } from '@rxdc/core';
import type { RxError } from '../errors/rx-error.js';

/**
 * The result of decoding one message: the value, or an `RxError` (`DECODE_FAILED`) that names
 * the message and says why, with the message itself kept for logging.
 *
 * @example
 * ```ts
 * const shown = (result: Decoded<Chat>) => (result.ok ? result.value.text : result.error.message);
 * ```
 */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T; readonly message: Message }
  | { readonly ok: false; readonly error: RxError; readonly message: Message };
