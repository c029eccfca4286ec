/**
 * The WebSocket close codes `@rxdc/ws-server` closes a client with, and what each means for
 * that client. A page reads them from its `CloseEvent` (`event.code`, `event.reason`).
 *
 * - `NORMAL` 1000: the transceiver or the app ended the connection.
 * - `GOING_AWAY` 1001: the server is stopping (`stop()`).
 * - `POLICY_VIOLATION` 1008: the client stopped reading while the server sent to it (its send
 *   buffer went over `maxBufferedAmount`).
 * - `INVALID_PAYLOAD` 1007: a text frame that is not valid UTF-8.
 * - `MESSAGE_TOO_BIG` 1009: a message larger than `maxPayload`.
 * - `INTERNAL_ERROR` 1011: the transceiver threw while taking the client.
 * - `TRY_AGAIN_LATER` 1013: no transceiver was available for the client.
 *
 * A client whose keepalive ping went unanswered is dropped without a close frame (it cannot
 * read one): its side sees 1006.
 *
 * @example
 * ```ts
 * import { CloseCode } from '@rxdc/ws-server';
 * socket.onclose = (event) => {
 *   if (event.code === CloseCode.TRY_AGAIN_LATER) setTimeout(reconnect, 1000);
 * };
 * ```
 */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
} as const;

/**
 * One of the {@link CloseCode} values.
 *
 * @example
 * ```ts
 * import { CloseCode, type CloseCodeValue } from '@rxdc/ws-server';
 * const code: CloseCodeValue = CloseCode.GOING_AWAY;
 * ```
 */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];
