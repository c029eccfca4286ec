import { describeError } from './describe-error.js';
import { RxdcError } from './rxdc-error.js';

/**
 * Every way a call into rxdc can fail. Switch on it instead of parsing messages.
 *
 * - `CLOSED`: the object was closed (or shut down); it cannot be used again.
 * - `NOT_OPEN`: the channel or track is not open yet; wait for it to open.
 * - `MESSAGE_TOO_LARGE`: the message is larger than the channel's `maxMessageSize`.
 * - `INVALID_ARGUMENT`: an argument has the wrong type or range.
 * - `INVALID_CONFIG`: a configuration value is wrong (ICE server URL, port range, MTU, ...).
 * - `INVALID_SDP`: a session description was rejected.
 * - `INVALID_CANDIDATE`: an ICE candidate was rejected.
 * - `INVALID_STATE`: the call is not allowed in the current state (signaling state, or a media
 *   handler chain that lacks what the call needs or would run in the wrong order).
 * - `NOTHING_TO_NEGOTIATE`: `setLocalDescription` with no data channel or track to offer.
 * - `BIND_FAILED`: a server could not bind its port (already in use, or not allowed).
 * - `CHANNEL_ERROR`: the remote side or the transport reported an error on a channel.
 * - `LIMIT_EXCEEDED`: something rxdc holds for you (early candidates, ...) reached its limit.
 * - `CONNECTION_FAILED`: the peer connection failed (ICE, DTLS or SCTP); `cause` says what
 *   libdatachannel reported (a `ConnectionFailureCause`).
 * - `HOLD_OVERFLOW`: messages or objects held for a missing reader reached their limit in bytes
 *   or count; the object was closed (see `HoldLimits`).
 * - `UNSUPPORTED`: node-datachannel 0.33 cannot do it (the message says why).
 * - `NATIVE_FAILURE`: node-datachannel refused the call for another reason (see `cause`).
 *
 * @example
 * ```ts
 * import type { RtcErrorCode } from '@rxdc/native';
 * const retryable = (code: RtcErrorCode) => code === 'NOT_OPEN' || code === 'HOLD_OVERFLOW';
 * ```
 */
export type RtcErrorCode =
  | 'CLOSED'
  | 'NOT_OPEN'
  | 'MESSAGE_TOO_LARGE'
  | 'INVALID_ARGUMENT'
  | 'INVALID_CONFIG'
  | 'INVALID_SDP'
  | 'INVALID_CANDIDATE'
  | 'INVALID_STATE'
  | 'NOTHING_TO_NEGOTIATE'
  | 'BIND_FAILED'
  | 'CHANNEL_ERROR'
  | 'LIMIT_EXCEEDED'
  | 'CONNECTION_FAILED'
  | 'HOLD_OVERFLOW'
  | 'UNSUPPORTED'
  | 'NATIVE_FAILURE';

/**
 * The error class of `@rxdc/native` (and of `@rxdc/core`, which re-exports it). Its `code`
 * says what went wrong, its message says what to do about it, and `cause` holds
 * node-datachannel's own error when there is one. It extends {@link RxdcError}, branded
 * `Symbol.for('rxdc.native.RtcError')`, so `instanceof` works whichever copy of rxdc (ESM or
 * CommonJS, two installed versions) created the error.
 *
 * @example
 * ```ts
 * import { RtcError } from '@rxdc/native';
 * function sizeOf(error: unknown): string {
 *   return error instanceof RtcError && error.code === 'MESSAGE_TOO_LARGE' ? 'too large' : 'other';
 * }
 * ```
 */
export class RtcError extends RxdcError<RtcErrorCode> {
  /** The brand that makes `instanceof` hold across copies (see {@link RxdcError}). */
  static override readonly brand: string = 'rxdc.native.RtcError';
}

/**
 * Runs a node-datachannel call and turns anything it throws into an {@link RtcError} with the
 * given code, keeping the native error as `cause`.
 *
 * @example
 * ```ts
 * import { callNative } from '@rxdc/native';
 * const port = callNative('NATIVE_FAILURE', 'cannot read the port', () => 8080);
 * ```
 */
export function callNative<T>(code: RtcErrorCode, what: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof RtcError) throw error;
    throw new RtcError(code, `${what}: ${describeError(error)}`, { cause: error });
  }
}
