import type { Observable } from 'rxjs';
import type { UpgradeRequest } from '../server/admission.js';

/**
 * One client's signaling connection as a transceiver sees it: frames in, frames out, and its
 * end. {@link WsServer} gives each accepted WebSocket to a transceiver as one of these; a
 * transport that carries a client some other way (another process, a message bus) implements
 * it and hands it over with {@link WsServer.handOver}, so transceivers never depend on where a
 * client really is. A `@rxdc/core` `WebSocket` fits it too.
 *
 * @example
 * ```ts
 * import type { SignalingSocket } from '@rxdc/ws-server';
 * function echo(socket: SignalingSocket) {
 *   socket.messages$.subscribe({ next: (frame) => socket.send(frame), error: () => {} });
 *   socket.closed$.subscribe(() => console.log('client left'));
 * }
 * ```
 */
export interface SignalingSocket {
  /** Each frame the client sends (text as `string`, binary as `Buffer`); completes on close. */
  readonly messages$: Observable<string | Buffer>;
  /** Emits once when the connection has closed (at once, for one already closed), then completes. */
  readonly closed$: Observable<void>;
  /**
   * The upgrade request of a client that connected to a `WsServer` (headers, cookies,
   * `Origin`, address, query); absent for other sockets.
   */
  readonly request?: UpgradeRequest | undefined;
  /** True while frames can be sent. */
  readonly isOpen: boolean;
  /** True once the connection has closed. */
  readonly isClosed: boolean;
  /**
   * Sends one frame.
   *
   * @throws when the connection is not open.
   */
  send(frame: string | Uint8Array): void;
  /** Closes the connection, with a close code and a reason the client can read where possible. */
  close(code?: number, reason?: string): void;
}
