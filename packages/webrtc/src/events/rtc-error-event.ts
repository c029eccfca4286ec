import { RTCError } from '../errors/rtc-error.js';
import { toDictionary, toDOMString } from '../webidl/convert.js';

/**
 * The members of a new {@link RTCErrorEvent}.
 *
 * @example
 * ```ts
 * import { RTCError, type RTCErrorEventInit } from '@rxdc/webrtc';
 * const init: RTCErrorEventInit = { error: new RTCError({ errorDetail: 'sctp-failure' }) };
 * ```
 */
export interface RTCErrorEventInit {
  /** Whether the event bubbles (default false). */
  bubbles?: boolean;
  /** Whether the event can be cancelled (default false). */
  cancelable?: boolean;
  /** Whether the event crosses shadow roots (default false). */
  composed?: boolean;
  /** The error (required). */
  error: RTCError;
}

/**
 * The `error` event of an RTCDataChannel (or RTCDtlsTransport), carrying an {@link RTCError}.
 *
 * @example
 * ```ts
 * import { RTCError, RTCErrorEvent } from '@rxdc/webrtc';
 * const event = new RTCErrorEvent('error', { error: new RTCError({ errorDetail: 'sctp-failure' }) });
 * console.log(event.error.errorDetail);
 * ```
 */
export class RTCErrorEvent extends Event {
  readonly #error: RTCError;

  constructor(type: string, eventInitDict: RTCErrorEventInit) {
    // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
    if (arguments.length < 2)
      throw new TypeError('RTCErrorEvent: 2 arguments required (type and { error })');
    const typeString = toDOMString(type, 'RTCErrorEvent type');
    const dict = toDictionary(eventInitDict, 'RTCErrorEventInit');
    if (!(dict.error instanceof RTCError))
      throw new TypeError('RTCErrorEventInit.error must be an RTCError');
    super(typeString, dict as { bubbles?: boolean; cancelable?: boolean; composed?: boolean });
    this.#error = dict.error;
  }

  /** The error. */
  get error(): RTCError {
    return this.#error;
  }
}
