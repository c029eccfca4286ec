import { type DataChannel, PeerConnection } from '@rxdc/core';
import { firstValueFrom, timeout } from 'rxjs';
import { WebSocket } from 'ws';

/** What a page in node saw of its signaling connection. */
export interface WsPage {
  /** The data channel the transceiver opened, once open. */
  readonly channel: Promise<DataChannel>;
  /** Error frames the server sent (`{"type":"error"}`), in order. */
  readonly errors: Array<{ code: string; reason: string }>;
  /** Resolves with the close code and reason once the signaling socket closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Closes the peer and the socket. */
  close(): void;
}

/**
 * What a browser page does, in node with the `ws` client: opens the signaling socket, answers
 * the transceiver's offer, trickles candidates, and takes the data channel it opens.
 */
export function wsPage(url: string, ms = 20_000): WsPage {
  const socket = new WebSocket(url);
  const errors: Array<{ code: string; reason: string }> = [];
  let peer: PeerConnection | undefined;
  const states: string[] = [];
  let resolveChannel: (channel: DataChannel) => void = () => {};
  let rejectChannel: (error: Error) => void = () => {};
  const channel = new Promise<DataChannel>((resolve, reject) => {
    resolveChannel = resolve;
    rejectChannel = reject;
  });
  channel.catch(() => {});
  const timer = setTimeout(
    () => rejectChannel(new Error(`no open channel from ${url} in ${ms} ms`)),
    ms,
  );
  const send = (message: unknown) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  socket.on('error', () => {});
  socket.on('message', (raw) => {
    const { type, data } = JSON.parse(String(raw));
    if (type === 'error') {
      errors.push(data);
      return;
    }
    if (!peer) {
      peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1', name: 'page' });
      peer.state$.subscribe((state) => states.push(state));
      peer.localDescription$.subscribe((description) => send({ type: 'sdp', data: description }));
      peer.localCandidate$.subscribe(({ candidate, mid }) =>
        send({ type: 'ice', data: { candidate: candidate.replace(/^a=/, ''), sdpMid: mid } }),
      );
      peer.dataChannel$.subscribe(async (dc) => {
        try {
          await firstValueFrom(dc.open$.pipe(timeout(ms)));
          clearTimeout(timer);
          resolveChannel(dc);
        } catch (error) {
          rejectChannel(error as Error);
        }
      });
    }
    if (type === 'sdp') peer.setRemoteDescription(data);
    else if (type === 'ice')
      peer.addRemoteCandidate({ candidate: data.candidate, mid: data.sdpMid ?? '0' });
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => {
      clearTimeout(timer);
      rejectChannel(
        new Error(`signaling closed ${code} ${String(reason)} (peer: ${states.join(' ')})`),
      );
      resolve({ code, reason: String(reason) });
    }),
  );
  return {
    channel,
    errors,
    closed,
    close() {
      clearTimeout(timer);
      peer?.close();
      socket.close();
    },
  };
}
