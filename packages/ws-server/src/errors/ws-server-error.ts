import { RxdcError } from '@rxdc/native';

/**
 * Every way a call into `@rxdc/ws-server` can fail, and every problem it reports on a stream
 * instead of throwing. Switch on it instead of parsing messages.
 *
 * Thrown by calls:
 * - `ALREADY_LISTENING`: `listen()` while listening; call `stop()` first.
 * - `NOT_LISTENING`: `stop()` while not listening.
 * - `LISTENING`: `addPath()` while listening; add paths before `listen()`.
 * - `INVALID_PATH`: a path not under `/ws/` (such as `'/ws/pipeline-1'`).
 * - `BIND_FAILED`: the port is taken or not allowed; pick another (or 0 for a free one).
 * - `INVALID_ARGUMENT`: an argument has the wrong type or range.
 * - `LISTENER_ALREADY_ADDED` / `LISTENER_NOT_FOUND`: a client listener added twice, or
 *   removed without having been added.
 * - `TRANSCEIVER_ALREADY_ADDED` / `TRANSCEIVER_NOT_FOUND`: the same for transceivers.
 * - `NOT_AVAILABLE`: `connect()` on a transceiver that already has a client.
 * - `CLOSED`: the object was closed and cannot be used again.
 *
 * Reported on `errors$` streams:
 * - `PATH_NOT_ADDED`: a client asked for a path the server does not serve; it got HTTP 404.
 * - `LIMIT_EXCEEDED`: a client over `maxConnections`, `maxConnectionsPerAddress` or `maxPeers`; it
 *   got HTTP 503 (1013 when handed over by the app or relayed).
 * - `ORIGIN_REFUSED`: a browser client's `Origin` is not in `allowedOrigins`; it got HTTP 403.
 * - `ADMISSION_REFUSED`: the app's `admit` check refused a client; it got the status chosen.
 * - `ADMISSION_FAILED`: the `admit` check threw, rejected, answered something that is not a
 *   decision (HTTP 500), or did not answer within `handshakeTimeout` (HTTP 503).
 * - `NO_TRANSCEIVER`: no transceiver was available for a client; it was refused.
 * - `LISTENER_THREW`: a client listener threw; the other listeners still ran.
 * - `TRANSCEIVER_THREW`: a transceiver's `connect()` threw; the client was refused.
 * - `INVALID_SIGNALING`: a frame that is not valid signaling was ignored (socket kept open).
 * - `NEGOTIATION_FAILED`: the remote side's answer or candidate was rejected by the peer.
 *
 * Raised by the client (`@rxdc/ws-server/client`):
 * - `UNREACHABLE`: the server cannot be reached (nothing listens, wrong host, TLS failed).
 * - `REFUSED`: the server refused the client (HTTP 404/503, or no transceiver was available).
 * - `SIGNALING_FAILED`: the server sent what cannot be applied, or closed before a channel opened.
 * - `TIMEOUT`: a step did not finish in time (the handshake, the offer, the channel's opening).
 *
 * Cluster mode (`@rxdc/ws-server/cluster`):
 * - `DEPENDENCY_MISSING`: `new ClusterNode()` without ioredis installed (`npm install ioredis@^6`).
 * - `CLUSTER_UNAVAILABLE`: Redis cannot be reached (from the start, or it went away); the
 *   node serves its own clients only until it
 *   returns (reported on `errors$`, once per outage).
 * - `CLUSTER_DATA_INVALID`: a value read from Redis was not what the cluster writes (a count
 *   that is not a whole number, a key of the wrong type): it was skipped or repaired.
 * - `RELAY_NODE_LOST`, `RELAY_UNAVAILABLE`, `RELAY_OVERFLOW`, `DRAINING`: why a relayed
 *   client's session ended (sent to the client in its error frame; see `RelayCloseCode`).
 */
export type WsServerErrorCode =
  | 'ALREADY_LISTENING'
  | 'NOT_LISTENING'
  | 'LISTENING'
  | 'INVALID_PATH'
  | 'BIND_FAILED'
  | 'INVALID_ARGUMENT'
  | 'LISTENER_ALREADY_ADDED'
  | 'LISTENER_NOT_FOUND'
  | 'TRANSCEIVER_ALREADY_ADDED'
  | 'TRANSCEIVER_NOT_FOUND'
  | 'NOT_AVAILABLE'
  | 'CLOSED'
  | 'PATH_NOT_ADDED'
  | 'LIMIT_EXCEEDED'
  | 'NO_TRANSCEIVER'
  | 'LISTENER_THREW'
  | 'TRANSCEIVER_THREW'
  | 'INVALID_SIGNALING'
  | 'NEGOTIATION_FAILED'
  | 'UNREACHABLE'
  | 'REFUSED'
  | 'SIGNALING_FAILED'
  | 'CLUSTER_UNAVAILABLE'
  | 'RELAY_NODE_LOST'
  | 'RELAY_UNAVAILABLE'
  | 'RELAY_OVERFLOW'
  | 'DRAINING'
  | 'ORIGIN_REFUSED'
  | 'ADMISSION_REFUSED'
  | 'ADMISSION_FAILED'
  | 'TIMEOUT'
  | 'DEPENDENCY_MISSING'
  | 'CLUSTER_DATA_INVALID';

/**
 * The one error class of `@rxdc/ws-server`. Its `code` says what went wrong and its message
 * says what to do about it; `cause` holds the underlying error (an `RtcError` from
 * `@rxdc/core`, or what a listener threw) when there is one. It extends `@rxdc/native`'s
 * `RxdcError`, the base of every rxdc error, and `instanceof` holds across the package's ESM
 * and CommonJS copies. A code it shares with `RtcError` (`CLOSED`, `INVALID_ARGUMENT`,
 * `BIND_FAILED`, `LIMIT_EXCEEDED`) means the same there; every other code is ws-server's own.
 *
 * @example
 * ```ts
 * import { WsServer, WsServerError } from '@rxdc/ws-server';
 * const server = new WsServer();
 * try {
 *   server.listen(8080, { bindAddress: '127.0.0.1' });
 * } catch (error) {
 *   if (error instanceof WsServerError && error.code === 'BIND_FAILED') server.listen(0);
 * }
 * ```
 */
export class WsServerError extends RxdcError<WsServerErrorCode> {
  /** Brands instances so that `instanceof` holds across copies (ESM and CommonJS builds). */
  static override readonly brand = 'rxdc.ws-server.WsServerError';
}
