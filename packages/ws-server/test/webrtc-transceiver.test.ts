import type { DataChannel } from '@rxdc/core';
import { afterEach, describe, expect, test } from 'vitest';
import {
  ConnectionState,
  type ConnectionStateValue,
  WebRtcTransceiver,
  WsServer,
  type WsServerError,
} from '../src/index.js';
import {
  closed,
  first,
  jsonFrames,
  nodePage,
  openClient,
  sendQuietly,
  socketsReleased,
  until,
} from './helpers/clients.js';

const cleanups: Array<() => void> = [];
afterEach(async () => {
  const [pages, rest] = [cleanups.splice(0).reverse(), [] as Array<() => void>];
  // Pages first, then the servers once their sockets are released (see socketsReleased).
  for (const cleanup of pages) (pageCleanups.has(cleanup) ? cleanup : () => rest.push(cleanup))();
  await socketsReleased();
  for (const cleanup of rest) cleanup();
});
const pageCleanups = new WeakSet<() => void>();
function closeLater(page: { close(): void }): void {
  const cleanup = () => page.close();
  pageCleanups.add(cleanup);
  cleanups.push(cleanup);
}

function serve(transceiver: WebRtcTransceiver): string {
  const server = new WsServer();
  server.addTransceiver(transceiver);
  const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
  cleanups.push(
    () => server[Symbol.dispose](),
    () => transceiver.close(),
  );
  return `ws://127.0.0.1:${port}/ws`;
}

function echo(channel: DataChannel): void {
  channel.messages$.subscribe({
    next: (message) => sendQuietly(channel, message),
    error: () => {},
  });
}

describe('WebRtcTransceiver', () => {
  test('sends the offer and candidates, applies the answer, opens a data channel that echoes both ways', async () => {
    const transceiver = new WebRtcTransceiver({
      peerConnection: { bindAddress: '127.0.0.1' },
      dataChannelLabel: 'chat',
    });
    const states: ConnectionStateValue[] = [];
    transceiver.addClientListener(
      (state: ConnectionStateValue, tag: string) => states.push(state) && expect(tag).toBe('sink'),
      'sink',
    );
    transceiver.dataChannel$.subscribe(echo);
    const url = serve(transceiver);

    // Look at the raw protocol from a plain client first: the offer.
    const raw = await openClient(url);
    const offer = await first(jsonFrames(raw));
    expect(offer).toMatchObject({ type: 'sdp', data: { type: 'offer' } });
    expect(String(offer.data.sdp)).toMatch(/^v=0/);
    raw.close();
    await until(transceiver.state$, (state) => state === ConnectionState.CLOSED);

    // A page that answers then gets the candidates, without "a=".
    const page = nodePage(url);
    closeLater(page);
    const frames: Array<{ type: string; data: Record<string, unknown> }> = [];
    jsonFrames(page.socket).subscribe((frame) => frames.push(frame));
    const channel = await page.channel;
    const candidate = frames.find((frame) => frame.type === 'ice');
    expect(String(candidate?.data.candidate)).toMatch(/^candidate:/);
    expect(candidate?.data.sdpMLineIndex).toBe(0);
    expect(channel.label).toBe('chat');
    await first(channel.open$.pipe());
    const replies = channel.messages$;
    const text = first(replies);
    channel.send('hello node');
    expect(await text).toBe('hello node');
    const bytes = new Uint8Array(64 * 1024).map((_, i) => (i * 7) % 251);
    const binary = first(replies);
    channel.send(bytes);
    expect(Buffer.compare(Buffer.from(bytes), (await binary) as Buffer)).toBe(0);
    expect(transceiver.peer?.state).toBe('connected');
    expect(states).toEqual([1, 0, 1, 2]);
  });

  test('peer$ and dataChannel$ replay the current client, and each new one', async () => {
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    const url = serve(transceiver);
    const page = nodePage(url);
    closeLater(page);
    await page.channel;
    expect(await first(transceiver.peer$)).toBe(transceiver.peer);
    const channel = await first(transceiver.dataChannel$);
    expect(channel.label).toBe('data');
  });

  test('is available again when the client leaves, and serves the next client', async () => {
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    transceiver.dataChannel$.subscribe(echo);
    const url = serve(transceiver);
    for (let round = 0; round < 3; round++) {
      const page = nodePage(url);
      const channel = await page.channel;
      await first(channel.open$);
      const reply = first(channel.messages$);
      channel.send(`round ${round}`);
      expect(await reply).toBe(`round ${round}`);
      expect(transceiver.isAvailable).toBe(false);
      const peer = transceiver.peer;
      page.close();
      await until(transceiver.state$, (state) => state === ConnectionState.CLOSED);
      expect(transceiver.isAvailable).toBe(true);
      expect(peer?.isClosed).toBe(true);
    }
  });

  test('frames that are not valid signaling are ignored and reported; the socket stays open', async () => {
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    const errors: WsServerError[] = [];
    transceiver.errors$.subscribe((error) => errors.push(error));
    const url = serve(transceiver);
    const socket = await openClient(url);
    const offer = await first(jsonFrames(socket));
    const bad = [
      new Uint8Array([1, 2, 3]),
      'not json {',
      '42',
      '{"type":"sdp"}',
      '{"data":{}}',
      '{"type":"sdp","data":{"type":"answer"}}',
      '{"type":"ice","data":{"sdpMid":"0"}}',
      '{"type":"ice","data":{"candidate":7}}',
      '{"type":"bye","data":{}}',
      JSON.stringify({ type: 'sdp', data: { type: 'offer', sdp: offer.data.sdp } }),
      JSON.stringify({ type: 'sdp', data: { type: 'answer', sdp: 'not sdp' } }),
      JSON.stringify({ type: 'ice', data: { candidate: '' } }), // end of candidates: not an error
    ];
    for (const frame of bad) socket.send(frame);
    const deadline = Date.now() + 5000;
    while (errors.length < bad.length - 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(errors.map((e) => e.code)).toEqual([
      ...Array(10).fill('INVALID_SIGNALING'),
      'NEGOTIATION_FAILED',
    ]);
    expect(errors[9]?.message).toMatch(/the page must answer/);
    expect(socket.isOpen).toBe(true);
    expect(transceiver.isAvailable).toBe(false);
    expect(transceiver.state).toBe(ConnectionState.INITIATED);
    socket.close();
    await until(transceiver.state$, (state) => state === ConnectionState.CLOSED);
  });

  test('server stop disconnects the transceiver, which tells its listeners CLOSED', async () => {
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    const states: ConnectionStateValue[] = [];
    transceiver.addClientListener((state) => states.push(state));
    const server = new WsServer();
    server.addTransceiver(transceiver);
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    const page = nodePage(`ws://127.0.0.1:${port}/ws`);
    cleanups.push(
      () => page.close(),
      () => transceiver.close(),
    );
    const channel = await page.channel;
    await first(channel.open$);
    const peer = transceiver.peer;
    await socketsReleased();
    server.stop();
    expect(states).toEqual([
      ConnectionState.INITIATED,
      ConnectionState.OPENED,
      ConnectionState.CLOSED,
    ]);
    expect(peer?.isClosed).toBe(true);
    expect(transceiver.isAvailable).toBe(true);
    await closed(page.socket);
  });

  test('connection listeners: add twice and remove unknown fail; a throwing listener is reported', async () => {
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    const listener = () => {};
    transceiver.addClientListener(listener);
    expect(() => transceiver.addClientListener(listener)).toThrow(
      expect.objectContaining({ code: 'LISTENER_ALREADY_ADDED' }),
    );
    transceiver.removeClientListener(listener);
    expect(() => transceiver.removeClientListener(listener)).toThrow(
      expect.objectContaining({ code: 'LISTENER_NOT_FOUND' }),
    );
    transceiver.addClientListener(() => {
      throw new Error('listener bug');
    });
    const errors: WsServerError[] = [];
    transceiver.errors$.subscribe((error) => errors.push(error));
    const url = serve(transceiver);
    const socket = await openClient(url);
    await until(transceiver.state$, (state) => state === ConnectionState.INITIATED);
    expect(errors.map((e) => e.code)).toEqual(['LISTENER_THREW']);
    expect(() => transceiver.connect(socket)).toThrow(
      expect.objectContaining({ code: 'NOT_AVAILABLE' }),
    );
    socket.close();
    await until(transceiver.state$, (state) => state === ConnectionState.CLOSED);
    transceiver.close();
    expect(transceiver.isAvailable).toBe(false);
    expect(() => transceiver.connect(socket)).toThrow(expect.objectContaining({ code: 'CLOSED' }));
  });

  test("tracks: offered beside the data channel in one stream; track$ gives node each client's, and completes on close", async () => {
    const transceiver = new WebRtcTransceiver({
      peerConnection: { bindAddress: '127.0.0.1' },
      tracks: [
        { kind: 'video', codec: 'H264', msid: 'cam' },
        { kind: 'audio', codec: 'opus', msid: 'cam' },
      ],
    });
    const url = serve(transceiver);
    const page = nodePage(url);
    closeLater(page);
    const peer = await page.peer;
    await page.channel;
    const offer = peer.remoteDescription?.sdp ?? '';
    expect(offer).toMatch(/^m=video /m);
    expect(offer).toMatch(/^m=audio /m);
    expect(offer).toMatch(/^m=application /m);
    expect(offer.match(/a=ssrc:\d+ msid:cam /g)).toHaveLength(2);
    // A late subscriber gets the current client's tracks, typed as they were described.
    const tracks: Array<{ kind?: string; open: boolean }> = [];
    let completed = false;
    transceiver.track$.subscribe({
      next: (track) => tracks.push({ kind: track.description?.kind, open: track.isOpen }),
      complete: () => {
        completed = true;
      },
    });
    expect(tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
    transceiver.close();
    expect(completed).toBe(true);
  });
});
