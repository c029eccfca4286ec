/**
 * The connection states a transceiver reports to its own listeners, with the numbers of the
 * DSL C API (`DSL_SOCKET_CONNECTION_STATE_*`): `CLOSED` 0, `INITIATED` 1 (a client's socket
 * was taken and negotiation started), `OPENED` 2 (the peer connection is up), `FAILED` 3 (the
 * peer connection failed; the socket is closed next, which reports `CLOSED`).
 *
 * @example
 * ```ts
 * import { ConnectionState, WebRtcTransceiver } from '@rxdc/ws-server';
 * const transceiver = new WebRtcTransceiver();
 * transceiver.addClientListener((state) => {
 *   if (state === ConnectionState.CLOSED) console.log('client left');
 * });
 * ```
 */
export const ConnectionState = {
  CLOSED: 0,
  INITIATED: 1,
  OPENED: 2,
  FAILED: 3,
} as const;

/**
 * One of the {@link ConnectionState} values.
 *
 * @example
 * ```ts
 * import { ConnectionState, type ConnectionStateValue } from '@rxdc/ws-server';
 * const state: ConnectionStateValue = ConnectionState.INITIATED;
 * ```
 */
export type ConnectionStateValue = (typeof ConnectionState)[keyof typeof ConnectionState];

/**
 * A transceiver's connection listener: called with each new connection state and the
 * `clientData` given when it was added.
 *
 * @example
 * ```ts
 * import type { ConnectionListener } from '@rxdc/ws-server';
 * const listener: ConnectionListener<string> = (state, name) => console.log(name, state);
 * transceiver.addClientListener(listener, 'sink-1');
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: client data is opaque, as the C API's void*
export type ConnectionListener<T = any> = (state: ConnectionStateValue, clientData: T) => void;
