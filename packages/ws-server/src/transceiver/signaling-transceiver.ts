import type { SignalingSocket } from '../socket/signaling-socket.js';

/**
 * Something a {@link WsServer} can hand an incoming client to: the other end of a remote
 * client's signaling connection. The built-in one is {@link WebRtcTransceiver}; implement this
 * interface to serve any other protocol over the same server.
 *
 * A transceiver takes one client at a time. The server asks `isAvailable` before handing it a
 * socket; the transceiver is expected to become available again by itself when its socket
 * closes.
 *
 * @example
 * ```ts
 * import type { SignalingSocket, SignalingTransceiver } from '@rxdc/ws-server';
 *
 * // Echoes every message of one client at a time.
 * class EchoTransceiver implements SignalingTransceiver {
 *   #socket: SignalingSocket | undefined;
 *   get isAvailable() {
 *     return this.#socket === undefined;
 *   }
 *   connect(socket: SignalingSocket) {
 *     this.#socket = socket;
 *     socket.messages$.subscribe({ next: (m) => socket.send(m), error: () => {} });
 *     socket.closed$.subscribe(() => (this.#socket = undefined));
 *   }
 *   disconnect() {
 *     this.#socket?.close();
 *   }
 * }
 * ```
 */
export interface SignalingTransceiver {
  /** True when the transceiver can take a new client now. */
  readonly isAvailable: boolean;
  /**
   * Takes a client's open signaling connection, accepted on `path` (without its query
   * string). Called only when `isAvailable` is true. A throw refuses the client (the server
   * closes it with 1011).
   */
  connect(socket: SignalingSocket, path: string): void;
  /**
   * Ends the current client's connection, if any, and notifies the transceiver's own
   * listeners. Called by the server's `stop()`; does nothing when no client is connected.
   */
  disconnect(): void;
}
