import {
  type DataChannel,
  PeerConnection,
  type PeerConnectionConfig,
  WebSocket,
  type WebSocketConfig,
} from '@rxdc/core';
import { Observable } from 'rxjs';
import { RxError } from '../errors/rx-error.js';
import { signalOverWebSocket } from './signal-over-web-socket.js';

/**
 * A node client connected to a signaling transceiver: the signaling socket, the peer and the
 * data channel the server opened.
 *
 * @example
 * ```ts
 * connectToTransceiver(url).subscribe(({ channel }: TransceiverConnection) => channel.send('hi'));
 * ```
 */
export interface TransceiverConnection {
  /** The signaling WebSocket, still open: closed when the subscription ends. */
  readonly socket: WebSocket;
  /** The peer connection that answered the server's offer: closed when the subscription ends. */
  readonly peer: PeerConnection;
  /** The data channel the server opened, already open: send and receive on it. */
  readonly channel: DataChannel;
}

/**
 * Options of {@link connectToTransceiver}.
 *
 * @example
 * ```ts
 * const options: ConnectToTransceiverOptions = { peer: { iceServers: [], bindAddress: '127.0.0.1' } };
 * ```
 */
export interface ConnectToTransceiverOptions {
  /** Options of the peer. Default: no ICE servers. */
  peer?: PeerConnectionConfig;
  /** Options of the signaling WebSocket. */
  socket?: WebSocketConfig;
}

/**
 * Reaches a `WebRtcTransceiver` of `@rxdc/ws-server` (or any server speaking its JSON
 * protocol) from node: opens a WebSocket to `url`, answers the server's offer through
 * {@link signalOverWebSocket}, and emits once the data channel the server opened is open.
 * Everything lives as long as the subscription: unsubscribing closes the channel, the peer and
 * the socket. Fails if the socket or signaling fails before the channel opens.
 *
 * @example
 * ```ts
 * import { connectToTransceiver } from '@rxdc/rx';
 * import { switchMap } from 'rxjs';
 * connectToTransceiver('ws://127.0.0.1:60001/ws', { peer: { bindAddress: '127.0.0.1' } })
 *   .pipe(switchMap(({ channel }) => (channel.send('hello'), channel.messages$)))
 *   .subscribe(console.log);
 * ```
 */
export function connectToTransceiver(
  url: string,
  options: ConnectToTransceiverOptions = {},
): Observable<TransceiverConnection> {
  return new Observable<TransceiverConnection>((subscriber) => {
    const socket = new WebSocket(options.socket ?? {});
    const peer = new PeerConnection({ iceServers: [], ...options.peer });
    let opened = false;
    const signaling = signalOverWebSocket(peer, socket).subscribe({
      error: (error) => subscriber.error(error),
    });
    const errors = socket.error$.subscribe((error) => {
      if (!opened) subscriber.error(error);
    });
    const closed = socket.closed$.subscribe(() => {
      if (!opened)
        subscriber.error(
          new RxError(
            'SIGNALING_FAILED',
            `signaling socket to ${url} closed before a data channel opened`,
          ),
        );
    });
    const channels = peer.dataChannel$.subscribe((channel) => {
      channel.open$.subscribe({
        next: () => {
          opened = true;
          subscriber.next({ socket, peer, channel });
        },
        error: (error) => subscriber.error(error),
      });
    });
    try {
      socket.open(url);
    } catch (error) {
      subscriber.error(error);
    }
    return () => {
      signaling.unsubscribe();
      errors.unsubscribe();
      closed.unsubscribe();
      channels.unsubscribe();
      peer.close();
      socket.close();
    };
  });
}
