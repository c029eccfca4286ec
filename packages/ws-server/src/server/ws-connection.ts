import type { SignalingSocket } from '../socket/signaling-socket.js';
import type { SignalingTransceiver } from '../transceiver/signaling-transceiver.js';
import type { UpgradeRequest } from './admission.js';

/**
 * A connection a {@link WsServer} accepted and handed to a transceiver, as `connections$`
 * emits it.
 *
 * @example
 * ```ts
 * server.connections$.subscribe(({ path, transceiver }) => {
 *   console.log(`client on ${path} handed to`, transceiver);
 * });
 * ```
 */
export interface WsConnection {
  /** The path the client asked for, without its query string (`/ws/pipeline-1`). */
  readonly path: string;
  /** The full request path, query string included (`/ws/pipeline-1?room=2`). */
  readonly requestPath: string;
  /** The client's signaling connection. */
  readonly socket: SignalingSocket;
  /** The transceiver the connection was handed to. */
  readonly transceiver: SignalingTransceiver;
  /**
   * The client's upgrade request (headers, cookies, `Origin`, address, query), for a client
   * that connected to this server; undefined for one handed over by the app or relayed from
   * another node of a cluster.
   */
  readonly request: UpgradeRequest | undefined;
}
