import { type DataChannel, PeerConnection, type PeerConnectionConfig } from '@rxdc/core';
import { Observable } from 'rxjs';
import WebSocket from 'ws';
import { WsServerError } from '../errors/ws-server-error.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import { WsSocket } from '../socket/ws-socket.js';
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
  /** The signaling socket, still open: closed when the subscription ends. */
  readonly socket: SignalingSocket;
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
  readonly peer?: PeerConnectionConfig;
  /** Accept any certificate on `wss://` (a server with a self-signed one). Default false. */
  readonly disableTlsVerification?: boolean;
  /** The largest message accepted from the server, in bytes. Default 1 MiB. */
  readonly maxPayload?: number;
}

/**
 * Reaches a `WebRtcTransceiver` of `@rxdc/ws-server` (or any server speaking its JSON
 * protocol) from node: opens a WebSocket to `url` (with the `ws` package), answers the
 * server's offer through {@link signalOverWebSocket}, and emits once the data channel the
 * server opened is open. Everything lives as long as the subscription: unsubscribing closes
 * the channel, the peer and the socket. Fails with `WsServerError` when the server cannot be
 * reached (`UNREACHABLE`), refuses the client (`REFUSED`, with its reason), or signaling or
 * the peer connection fails before the channel opens (`SIGNALING_FAILED`).
 *
 * @example
 * ```ts
 * import { connectToTransceiver } from '@rxdc/ws-server/client';
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
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, {
        rejectUnauthorized: options.disableTlsVerification !== true,
        maxPayload: options.maxPayload ?? 1024 * 1024,
        perMessageDeflate: false,
      });
    } catch (error) {
      subscriber.error(
        new WsServerError(
          'INVALID_ARGUMENT',
          `cannot connect to ${JSON.stringify(url)}: ${describe(error)}`,
          {
            cause: error,
          },
        ),
      );
      return;
    }
    const socket = new WsSocket(ws, Number.POSITIVE_INFINITY);
    let peer: PeerConnection;
    try {
      peer = new PeerConnection({ iceServers: [], ...options.peer });
    } catch (error) {
      ws.terminate();
      subscriber.error(error);
      return;
    }
    let opened = false;
    let reached = false;
    ws.once('open', () => {
      reached = true;
    });
    ws.once('unexpected-response', (_request, response) => {
      subscriber.error(
        new WsServerError(
          'REFUSED',
          `${url} answered HTTP ${response.statusCode} ${response.statusMessage ?? ''}`.trim(),
        ),
      );
      ws.terminate();
    });
    ws.once('error', (error) => {
      if (!reached)
        subscriber.error(
          new WsServerError('UNREACHABLE', `cannot reach ${url}: ${error.message}`, {
            cause: error,
          }),
        );
    });
    const closed = socket.closed$.subscribe(() => {
      if (!opened)
        subscriber.error(
          new WsServerError(
            reached ? 'SIGNALING_FAILED' : 'UNREACHABLE',
            reached
              ? `signaling socket to ${url} closed before a data channel opened`
              : `cannot reach ${url}`,
          ),
        );
    });
    const failed = peer.state$.subscribe((state) => {
      if (state === 'failed' && !opened)
        subscriber.error(
          new WsServerError(
            'SIGNALING_FAILED',
            `the peer connection to ${url} failed before the data channel opened (ICE or DTLS)`,
          ),
        );
    });
    const signaling = signalOverWebSocket(peer, socket).subscribe({
      error: (error) => subscriber.error(error),
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
    return () => {
      signaling.unsubscribe();
      failed.unsubscribe();
      closed.unsubscribe();
      channels.unsubscribe();
      peer.close();
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else socket.close();
    };
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
