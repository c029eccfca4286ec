// Early candidates, as a user meets them: counted once, by @rxdc/native under core. A page
// whose candidates reach the transceiver before its answer still connects; a server that sends
// more candidates before its offer than native holds fails the node client's signaling.
import { PeerConnection } from '@rxdc/core';
import { MAX_EARLY_REMOTE_CANDIDATES } from '@rxdc/native';
import { firstValueFrom, Subject, take, timeout } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import type WebSocket from 'ws';
import {
  candidateFrame,
  descriptionFrame,
  readSignalingFrame,
  signalOverWebSocket,
  type WsServerError,
} from '../src/client/index.js';
import { type WsServerError as ServerError, WebRtcTransceiver, WsServer } from '../src/index.js';
import { wsOpen } from './helpers/ws-clients.js';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('early candidates', () => {
  test('a page whose candidates arrive before its answer still connects', async () => {
    const server = new WsServer();
    const transceiver = new WebRtcTransceiver({ peerConnection: loopback });
    const errors: ServerError[] = [];
    transceiver.errors$.subscribe((error) => errors.push(error));
    server.addTransceiver(transceiver);
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    cleanups.push(async () => {
      await server.stop();
      transceiver.close();
    });
    const page = new PeerConnection(loopback);
    cleanups.push(() => page.close());
    const socket: WebSocket = await wsOpen(`ws://127.0.0.1:${port}/ws`);
    cleanups.push(() => socket.terminate());
    // The page holds its answer back until it has candidates, and sends them first.
    const candidates: string[] = [];
    let answer: string | undefined;
    let sentAnswer = false;
    const flush = () => {
      if (!answer || candidates.length === 0 || sentAnswer) return;
      for (const frame of candidates) socket.send(frame);
      socket.send(answer);
      sentAnswer = true;
    };
    page.localCandidate$.subscribe(({ candidate, mid }) => {
      const frame = candidateFrame(candidate, mid, 0);
      if (sentAnswer) socket.send(frame);
      else candidates.push(frame);
      flush();
    });
    page.localDescription$.subscribe((description) => {
      if (description.type !== 'answer') return;
      answer = descriptionFrame(description);
      flush();
    });
    socket.on('message', (data) => {
      const read = readSignalingFrame(data.toString());
      if (!('message' in read)) return;
      const { message } = read;
      if (message.type === 'sdp')
        page.setRemoteDescription({ type: 'offer', sdp: message.data.sdp });
      if (message.type === 'ice')
        page.addRemoteCandidate({
          candidate: message.data.candidate,
          mid: message.data.sdpMid ?? '0',
        });
    });
    const channel = await firstValueFrom(page.dataChannel$.pipe(take(1), timeout(20_000)));
    await firstValueFrom(channel.open$.pipe(timeout(20_000)));
    expect(sentAnswer).toBe(true);
    expect(candidates.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test(`a server sending more than native holds (${MAX_EARLY_REMOTE_CANDIDATES}) before its offer fails the node client's signaling; fewer are held`, async () => {
    const peer = new PeerConnection(loopback);
    cleanups.push(() => peer.close());
    const frames = new Subject<string>();
    const sent: string[] = [];
    let failed: string | undefined;
    signalOverWebSocket(peer, { messages$: frames, send: (f) => sent.push(f) }).subscribe({
      error: (error: WsServerError) => {
        failed = `${error.code}: ${error.message}`;
      },
    });
    const candidate = (i: number) =>
      JSON.stringify({
        type: 'ice',
        data: {
          candidate: `candidate:${i} 1 UDP 2122317823 127.0.0.1 ${10000 + i} typ host`,
          sdpMid: '0',
        },
      });
    for (let i = 0; i < MAX_EARLY_REMOTE_CANDIDATES; i++) frames.next(candidate(i));
    expect(failed).toBeUndefined();
    frames.next(candidate(MAX_EARLY_REMOTE_CANDIDATES));
    expect(failed).toMatch(/^SIGNALING_FAILED: too many candidates arrived before the offer/);
    expect(sent).toEqual([]);
  });
});
