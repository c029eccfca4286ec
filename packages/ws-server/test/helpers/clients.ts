import {
  type DataChannel,
  liveObjects,
  PeerConnection,
  WebSocket,
  type WebSocketConfig,
} from '@rxdc/core';
import { filter, firstValueFrom, lastValueFrom, Observable, take, timeout, toArray } from 'rxjs';
import type { SignalingSocket, SignalingTransceiver } from '../../src/index.js';

/** Waits for the first value of `source`, failing after `ms`. */
export function first<T>(source: Observable<T>, ms = 10_000): Promise<T> {
  return firstValueFrom(source.pipe(timeout(ms)));
}

/** A core WebSocket client, opened on `url` (not awaited). */
export function client(url: string, config: WebSocketConfig = {}): WebSocket {
  const socket = new WebSocket(config);
  socket.open(url);
  return socket;
}

/** A client that is open. */
export async function openClient(
  url: string,
  config: WebSocketConfig = {},
  ms = 10_000,
): Promise<WebSocket> {
  const socket = client(url, config);
  await first(socket.open$, ms);
  return socket;
}

/** Resolves once `socket` has closed. */
export function closed(socket: { closed$: Observable<void> }, ms = 10_000): Promise<void> {
  return lastValueFrom(socket.closed$.pipe(timeout(ms)), { defaultValue: undefined });
}

/** Everything `socket` receives until it closes. */
export function allMessages(socket: WebSocket, ms = 10_000): Promise<Array<string | Buffer>> {
  return lastValueFrom(socket.messages$.pipe(toArray(), timeout(ms)), { defaultValue: [] });
}

/** The parsed JSON text frames `socket` receives, as they come. */
export function jsonFrames(
  socket: WebSocket,
): Observable<{ type: string; data: Record<string, unknown> }> {
  return new Observable((subscriber) =>
    socket.messages$.subscribe({
      next: (frame) => {
        if (typeof frame === 'string') subscriber.next(JSON.parse(frame));
      },
      error: () => subscriber.complete(),
      complete: () => subscriber.complete(),
    }),
  );
}

/**
 * A transceiver for tests of the server itself: echoes every message of one client at a
 * time, and records what happened to it.
 */
export class EchoTransceiver implements SignalingTransceiver {
  socket: SignalingSocket | undefined;
  readonly paths: string[] = [];
  disconnects = 0;

  get isAvailable(): boolean {
    return this.socket === undefined;
  }

  connect(socket: SignalingSocket, path: string): void {
    this.socket = socket;
    this.paths.push(path);
    socket.messages$.subscribe({
      next: (message) => sendQuietly(socket, message),
      error: () => {},
    });
    socket.closed$.subscribe(() => {
      if (this.socket === socket) this.socket = undefined;
    });
  }

  disconnect(): void {
    this.disconnects += 1;
    this.socket?.close();
  }
}

/**
 * What a browser page does, in node: opens the signaling socket, creates its peer on the
 * first message, answers the offer, trickles its candidates, and takes the data channel the
 * transceiver opens.
 */
export function nodePage(
  url: string,
  config: WebSocketConfig = { disableTlsVerification: true },
): {
  socket: WebSocket;
  peer: Promise<PeerConnection>;
  channel: Promise<DataChannel>;
  close(): void;
} {
  const socket = client(url, config);
  let peer: PeerConnection | undefined;
  let resolvePeer: (peer: PeerConnection) => void = () => {};
  const peerPromise = new Promise<PeerConnection>((resolve) => (resolvePeer = resolve));
  const send = (message: unknown) => {
    try {
      socket.send(JSON.stringify(message));
    } catch {
      // Closed meanwhile: the page is going away.
    }
  };
  jsonFrames(socket).subscribe(({ type, data }) => {
    if (!peer) {
      peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1', name: 'page' });
      peer.localDescription$.subscribe((description) => send({ type: 'sdp', data: description }));
      peer.localCandidate$.subscribe(({ candidate, mid }) =>
        send({
          type: 'ice',
          data: { candidate: candidate.replace(/^a=/, ''), sdpMid: mid, sdpMLineIndex: 0 },
        }),
      );
      resolvePeer(peer);
    }
    if (type === 'sdp') peer.setRemoteDescription(data as never);
    else if (type === 'ice')
      peer.addRemoteCandidate({
        candidate: data.candidate as string,
        mid: (data.sdpMid as string) ?? '0',
      });
  });
  const channel = Promise.race([
    peerPromise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no offer from ${url} within 20 s`)), 20_000).unref(),
    ),
  ]).then((p) => first(p.dataChannel$, 20_000));
  return {
    socket,
    peer: peerPromise,
    channel,
    close() {
      peer?.close();
      socket.close();
    },
  };
}

/** Waits until `source` emits a value matching `predicate`. */
export function until<T>(
  source: Observable<T>,
  predicate: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), take(1), timeout(ms)));
}

/** Polls `condition` until it holds, failing after `ms`. */
export async function eventually(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`condition not reached within ${ms} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Sends, ignoring a peer that left: between receiving and replying, the other side may have
 * gone (its close is delivered next), and a test echo must not fail for that.
 */
export function sendQuietly(
  channel: { send(message: string | Uint8Array): void },
  message: string | Uint8Array,
): void {
  try {
    channel.send(message);
  } catch {
    // Gone: its close follows.
  }
}

/**
 * Waits until node-datachannel has released every WebSocket. Call it after closing clients and
 * before stopping the server: closing an accepted socket while its client's close is in
 * flight can leave it never released (a core bug, see the closing note of the ws-server work).
 */
export async function socketsReleased(ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (liveObjects().some((o) => o.kind === 'WebSocket') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
