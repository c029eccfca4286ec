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
 * The brand every RtcError carries. `Symbol.for` gives the same symbol to every copy of this
 * package (ESM and CommonJS builds, two installed versions), so `instanceof RtcError` holds
 * across copies: the class's `Symbol.hasInstance` looks for the brand, not the prototype.
 */
const brand: unique symbol = Symbol.for('rxdc.native.RtcError') as never;

/**
 * The one error class of rxdc. Its `code` says what went wrong, its message says what to do
 * about it, and `cause` holds node-datachannel's own error when there is one. `instanceof`
 * works whichever copy of rxdc (ESM or CommonJS) created the error.
 *
 * @example
 * ```ts
 * import { RtcError } from '@rxdc/native';
 * function sizeOf(error: unknown): string {
 *   return error instanceof RtcError && error.code === 'MESSAGE_TOO_LARGE' ? 'too large' : 'other';
 * }
 * ```
 */
export class RtcError extends Error {
  /** What went wrong, for callers to switch on. */
  readonly code: RtcErrorCode;
  /** The brand that makes `instanceof` hold across copies. */
  declare readonly [brand]: true;

  constructor(code: RtcErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RtcError';
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }

  /** True for an RtcError from any copy of rxdc; a subclass keeps the ordinary check. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (RtcError or a subclass)
    if (this !== RtcError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as RtcError)[brand] === true;
  }
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
    const reason = error instanceof Error ? error.message : String(error);
    throw new RtcError(code, `${what}: ${reason}`, { cause: error });
  }
}
