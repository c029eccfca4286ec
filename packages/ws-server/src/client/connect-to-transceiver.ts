import { type DataChannel, PeerConnection, type PeerConnectionConfig, RtcError } from '@rxdc/core';
import { describeError } from '@rxdc/native';
import { Observable, retry, throwError, timer } from 'rxjs';
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
  /**
   * How many times a failed open (the peer connection failed before the data channel opened:
   * ICE or DTLS) is tried again, with a new socket and peer. Default 2; 0 to fail at once.
   */
  readonly openRetries?: number;
  /**
   * Milliseconds each step may take before the connection fails with `WsServerError`
   * `TIMEOUT` (the message names the step): `handshake`, from the start until the WebSocket
   * is open (a server that accepts TCP but never answers); `offer`, from then until the
   * server's offer arrives (a silent server); `open`, from the offer until the data channel is
   * open. Defaults 10,000, 10,000 and 20,000.
   */
  readonly timeouts?: ConnectTimeouts;
}

/**
 * How long each step of {@link connectToTransceiver} may take, in milliseconds.
 *
 * @example
 * ```ts
 * const timeouts: ConnectTimeouts = { handshake: 5_000, offer: 5_000, open: 15_000 };
 * ```
 */
export interface ConnectTimeouts {
  /** From the start until the WebSocket is open. Default 10,000. */
  readonly handshake?: number;
  /** From the WebSocket's open until the server's offer arrives. Default 10,000. */
  readonly offer?: number;
  /** From the offer until the data channel is open. Default 20,000. */
  readonly open?: number;
}

const defaultTimeouts = { handshake: 10_000, offer: 10_000, open: 20_000 } as const;
type Step = keyof typeof defaultTimeouts;

/**
 * Reaches a `WebRtcTransceiver` of `@rxdc/ws-server` (or any server speaking its JSON
 * protocol) from node: opens a WebSocket to `url` (with the `ws` package), answers the
 * server's offer through {@link signalOverWebSocket}, and emits once the data channel the
 * server opened is open. Everything lives as long as the subscription: unsubscribing closes
 * the channel, the peer and the socket. Fails with `WsServerError` when the server cannot be
 * reached (`UNREACHABLE`), refuses the client (`REFUSED`, with its reason), or signaling or
 * the peer connection fails before the channel opens (`SIGNALING_FAILED`), or a step takes
 * longer than its timeout (`TIMEOUT`, see {@link ConnectToTransceiverOptions.timeouts}). A
 * peer connection
 * that fails to open is tried again `openRetries` times (default 2) before that error, whose
 * `cause` is then core's `RtcError` `CONNECTION_FAILED` (its own `cause` says why).
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
  const retries = options.openRetries ?? 2;
  if (!Number.isSafeInteger(retries) || retries < 0) {
    return throwError(
      () =>
        new WsServerError(
          'INVALID_ARGUMENT',
          `openRetries must be a whole number >= 0, got ${String(retries)}`,
        ),
    );
  }
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  for (const step of Object.keys(defaultTimeouts) as Step[]) {
    const ms = timeouts[step];
    if (!Number.isSafeInteger(ms) || ms < 1) {
      return throwError(
        () =>
          new WsServerError(
            'INVALID_ARGUMENT',
            `timeouts.${step} must be a whole number of ms above 0, got ${String(ms)}`,
          ),
      );
    }
  }
  return connectOnce(url, options, timeouts).pipe(
    retry({
      count: retries,
      // Only a failed open is tried again; a refusal or an unreachable server is final.
      delay: (error: unknown) => (isFailedOpen(error) ? timer(0) : throwError(() => error)),
    }),
  );
}

/** A connection whose peer failed before its channel opened (the cause is CONNECTION_FAILED). */
function isFailedOpen(error: unknown): boolean {
  return (
    error instanceof WsServerError &&
    error.code === 'SIGNALING_FAILED' &&
    error.cause instanceof RtcError &&
    error.cause.code === 'CONNECTION_FAILED'
  );
}

function connectOnce(
  url: string,
  options: ConnectToTransceiverOptions,
  timeouts: Readonly<Record<Step, number>>,
): Observable<TransceiverConnection> {
  return new Observable<TransceiverConnection>((subscriber) => {
    // One timer at a time: each step's starts when the one before it ended.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = (name: Step | undefined) => {
      clearTimeout(timer);
      timer = undefined;
      if (name === undefined) return;
      const ms = timeouts[name];
      timer = setTimeout(() => {
        subscriber.error(new WsServerError('TIMEOUT', `${url}: ${stalled[name]} within ${ms} ms`));
      }, ms);
    };
    step('handshake');
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
          `cannot connect to ${JSON.stringify(url)}: ${describeError(error)}`,
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
      step('offer');
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
    const failedOpen = (cause: unknown) =>
      new WsServerError(
        'SIGNALING_FAILED',
        `the peer connection to ${url} failed before the data channel opened: ${describeError(cause)}`,
        { cause },
      );
    const failed = peer.state$.subscribe((state) => {
      if (state === 'failed' && !opened)
        subscriber.error(
          failedOpen(peer.failure ?? new RtcError('CONNECTION_FAILED', 'ICE or DTLS failed')),
        );
    });
    const signaling = signalOverWebSocket(peer, socket).subscribe({
      next: ({ direction, message }) => {
        if (direction === 'in' && message.type === 'sdp' && !opened) step('open');
      },
      error: (error) => subscriber.error(error),
    });
    const channels = peer.dataChannel$.subscribe({
      next: (channel) => {
        channel.open$.subscribe({
          next: () => {
            opened = true;
            step(undefined);
            subscriber.next({ socket, peer, channel });
          },
          error: (error) => subscriber.error(error),
        });
      },
      // A failed open fails dataChannel$ with CONNECTION_FAILED.
      error: (error) => subscriber.error(failedOpen(error)),
    });
    return () => {
      step(undefined);
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

/** What did not happen in time, by step. */
const stalled: Readonly<Record<Step, string>> = {
  handshake: 'no answer to the WebSocket handshake (timeouts.handshake)',
  offer: 'the signaling socket opened but no offer came (timeouts.offer)',
  open: 'the offer was answered but the data channel did not open (timeouts.open)',
};
