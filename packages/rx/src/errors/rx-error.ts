import { RxdcError } from '@rxdc/native';

/**
 * Every way an `@rxdc/rx` operator or helper can fail. Switch on it instead of parsing messages.
 *
 * - `QUEUE_OVERFLOW`: a push source outran the channel and the bounded send queue is full.
 * - `CHANNEL_CLOSED`: the channel closed before everything handed to it was sent (a channel
 *   subject: before everything sent was delivered).
 * - `MESSAGE_TOO_LARGE`: a framed message is larger than the framed channel's maximum.
 * - `FRAME_VERSION`: a received packet is not a framed packet, or uses an unknown wire version.
 * - `FRAME_CORRUPT`: a received packet fails its checksum or is malformed.
 * - `FRAME_SEQUENCE`: a packet is missing, duplicated or out of order.
 * - `FRAME_TRUNCATED`: a message's fragments stopped before the whole message arrived.
 * - `DECODE_FAILED`: a codec could not decode a message (delivered as a value, never thrown).
 * - `SIGNALING_FAILED`: the remote signaling peer sent something that cannot be applied.
 * - `GAVE_UP`: a reconnecting client used all its attempts.
 * - `INVALID_ARGUMENT`: a function was called with an argument or option it cannot use (the
 *   message names the function, the argument, what it must be and what was given); thrown
 *   before anything was done.
 * - `MEDIA_MALFORMED`: a media byte stream (Annex-B H.264, Ogg Opus) or a timed frame is
 *   malformed.
 *
 * @example
 * ```ts
 * import type { RxErrorCode } from '@rxdc/rx';
 * const retryable = (code: RxErrorCode): boolean => code === 'QUEUE_OVERFLOW' || code === 'GAVE_UP';
 * ```
 */
export type RxErrorCode =
  | 'QUEUE_OVERFLOW'
  | 'CHANNEL_CLOSED'
  | 'MESSAGE_TOO_LARGE'
  | 'FRAME_VERSION'
  | 'FRAME_CORRUPT'
  | 'FRAME_SEQUENCE'
  | 'FRAME_TRUNCATED'
  | 'DECODE_FAILED'
  | 'SIGNALING_FAILED'
  | 'GAVE_UP'
  | 'INVALID_ARGUMENT'
  | 'MEDIA_MALFORMED';

/**
 * The one error class of `@rxdc/rx`: its `code` says what went wrong, its message says what
 * to do about it. It extends `@rxdc/native`'s `RxdcError`, the base of every rxdc error, and
 * `instanceof RxError` holds across copies of this package (ESM and CommonJS builds, the
 * browser module, two installed versions): the class is branded `'rxdc.rx.RxError'`. Errors of
 * `@rxdc/core` (`RtcError`) pass through unchanged.
 *
 * @example
 * ```ts
 * import { RxError } from '@rxdc/rx';
 * framed.messages$.subscribe({
 *   error: (error) => {
 *     if (error instanceof RxError && error.code === 'FRAME_CORRUPT') console.warn('bad peer');
 *   },
 * });
 * ```
 */
export class RxError extends RxdcError<RxErrorCode> {
  /** The brand that makes `instanceof RxError` hold across copies of `@rxdc/rx`. */
  static override readonly brand: string = 'rxdc.rx.RxError';
}
