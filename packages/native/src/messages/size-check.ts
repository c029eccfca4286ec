import { RtcError } from '../errors/rtc-error.js';

/**
 * The largest message a channel or WebSocket receives when no `maxMessageSize` is given, in
 * bytes: libdatachannel's own default (256 KiB).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_MESSAGE_SIZE } from '@rxdc/native';
 * console.log(`messages up to ${DEFAULT_MAX_MESSAGE_SIZE} bytes`);
 * ```
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 262_144;

/**
 * The receive limit rxdc enforces for a configured `maxMessageSize` (0, negative or undefined
 * for the default).
 *
 * @example
 * ```ts
 * import { receiveLimit } from '@rxdc/native';
 * receiveLimit(undefined); // 262144
 * ```
 */
export function receiveLimit(maxMessageSize: number | undefined | null): number {
  return typeof maxMessageSize === 'number' && maxMessageSize > 0
    ? maxMessageSize
    : DEFAULT_MAX_MESSAGE_SIZE;
}

/**
 * The `maxMessageSize` to give node-datachannel for a receive limit: one byte more.
 * libdatachannel cuts every larger incoming message to its limit and delivers the cut part as
 * if whole (one log line, no channel named); run one byte above the user's limit, any message
 * larger than the limit is provably over it (really one byte over, or cut), never a whole
 * message of exactly the limit.
 *
 * @example
 * ```ts
 * import { nativeMaxMessageSize } from '@rxdc/native';
 * nativeMaxMessageSize(262144); // 262145
 * ```
 */
export function nativeMaxMessageSize(limit: number): number {
  return limit + 1;
}

/**
 * A local description as the remote side must see it: `a=max-message-size` says the receive
 * limit, not the one byte more node-datachannel runs at (see {@link nativeMaxMessageSize}), so
 * a compliant remote never sends a message over the limit.
 *
 * @example
 * ```ts
 * import { advertiseMaxMessageSize } from '@rxdc/native';
 * advertiseMaxMessageSize('a=max-message-size:262145\r\n', 262144); // 'a=max-message-size:262144\r\n'
 * ```
 */
export function advertiseMaxMessageSize(sdp: string, limit: number): string {
  return sdp.replace(/^a=max-message-size:\d+/gm, `a=max-message-size:${limit}`);
}

/**
 * True when a received message (text counted in UTF-8 bytes) is over `limit`: libdatachannel
 * cut it, or it is one byte over. Only a remote sending invalid UTF-8 can make a short text
 * count more (each bad byte decodes to a 3-byte U+FFFD): a false alarm on a broken message only.
 *
 * @example
 * ```ts
 * import { isOverReceiveLimit } from '@rxdc/native';
 * isOverReceiveLimit('hello', 4); // true
 * ```
 */
export function isOverReceiveLimit(message: unknown, limit: number): boolean {
  if (typeof message === 'string')
    return message.length * 3 > limit && Buffer.byteLength(message, 'utf8') > limit;
  return (message as ArrayBufferView | ArrayBuffer).byteLength > limit;
}

/**
 * The error a channel reports for a received message over its limit; the message is not
 * delivered and the channel closes.
 *
 * @example
 * ```ts
 * import { receivedTooLargeError } from '@rxdc/native';
 * const error = receivedTooLargeError('DataChannel', 262144);
 * console.log(error.code); // MESSAGE_TOO_LARGE
 * ```
 */
export function receivedTooLargeError(kind: string, limit: number): RtcError {
  return new RtcError(
    'MESSAGE_TOO_LARGE',
    `${kind} received a message larger than its maxMessageSize of ${limit} bytes ` +
      `(libdatachannel cut it to ${limit + 1} bytes); it was not delivered and the ${kind} was closed: ` +
      'raise maxMessageSize on this side, or have the sender split its messages',
  );
}
