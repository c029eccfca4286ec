import { type DataChannel, PeerConnection, WebSocketServer } from '@rxdc/core';
import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { filter, firstValueFrom, map, mergeMap, type Subscription, take, toArray } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { connectToTransceiver } from '../src/signaling/connect-to-transceiver.js';
import { localChannelPair } from '../src/signaling/local-channel-pair.js';
import type { SignalingEvent } from '../src/signaling/signal-over-web-socket.js';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/**
 * A server side written from the protocol spec only (core WebSocketServer + PeerConnection,
 * not the helper under test): it offers first, trickles its candidates without the `a=`
 * prefix, and sends some frames the protocol says to ignore.
 */
function protocolServer(): { port: number; channels: DataChannel[]; received: unknown[] } {
  const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
  const peers: PeerConnection[] = [];
  const channels: DataChannel[] = [];
  const received: unknown[] = [];
  server.clients$
    .pipe(mergeMap((socket) => socket.open$.pipe(map(() => socket))))
    .subscribe((socket) => {
      const peer = new PeerConnection({ ...loopback, name: 'server' });
      peers.push(peer);
      socket.send('not json');
      socket.send(Buffer.from([1, 2, 3]));
      socket.send('{"type":"sdp"}');
      peer.localDescription$.subscribe(({ type, sdp }) =>
        socket.send(JSON.stringify({ type: 'sdp', data: { type, sdp } })),
      );
      peer.localCandidate$.subscribe(({ candidate }) =>
        socket.send(
          JSON.stringify({
            type: 'ice',
            data: { candidate: candidate.replace(/^a=/, ''), sdpMLineIndex: 0 },
          }),
        ),
      );
      socket.messages$.subscribe((raw) => {
        const message = JSON.parse(String(raw));
        received.push(message);
        if (message.type === 'sdp') peer.setRemoteDescription(message.data);
        if (message.type === 'ice')
          peer.addRemoteCandidate({ candidate: message.data.candidate, mid: message.data.sdpMid });
      });
      channels.push(peer.createDataChannel('data'));
    });
  cleanups.push(() => {
    for (const peer of peers) peer.close();
    server.stop();
  });
  return { port: server.port, channels, received };
}

describe('signaling', () => {
  test('localChannelPair connects two local peers in one call', async () => {
    const pair = await localChannelPair({ label: 'one-call' });
    cleanups.push(pair.close);
    const got = firstValueFrom(pair.remote.messages$);
    pair.local.send('hello');
    expect(await got).toBe('hello');
    expect(pair.remote.label).toBe('one-call');
  });

  test('signalOverWebSocket answers a protocol server (written from the spec) and trickles ICE both ways', async () => {
    const server = protocolServer();
    let subscription: Subscription | undefined;
    const connection = await new Promise<{ channel: DataChannel }>((resolve, reject) => {
      subscription = connectToTransceiver(`ws://127.0.0.1:${server.port}/ws`, {
        peer: loopback,
      }).subscribe({
        next: resolve,
        error: reject,
      });
    });
    cleanups.push(() => subscription?.unsubscribe());
    const serverChannel = server.channels[0] as DataChannel;
    await firstValueFrom(serverChannel.open$);
    const toServer = firstValueFrom(serverChannel.messages$);
    connection.channel.send('from node client');
    expect(await toServer).toBe('from node client');
    const toClient = firstValueFrom(connection.channel.messages$);
    serverChannel.send('from server');
    expect(await toClient).toBe('from server');
    const kinds = server.received.map(
      (m) => m as { type: string; data: { type?: string; candidate?: string } },
    );
    expect(kinds[0]).toMatchObject({ type: 'sdp', data: { type: 'answer' } });
    const ice = kinds.filter((m) => m.type === 'ice');
    expect(ice.length).toBeGreaterThan(0);
    expect(ice.every((m) => m.data.candidate?.startsWith('candidate:'))).toBe(true);
  });

  test('a node client reaches a WebRtcTransceiver of @rxdc/ws-server through the signaling helper and exchanges messages', async () => {
    const transceiver = new WebRtcTransceiver({ peerConnection: loopback });
    const serverChannels: DataChannel[] = [];
    transceiver.dataChannel$.subscribe((channel) => {
      serverChannels.push(channel);
      channel.messages$.subscribe((message) =>
        channel.send(typeof message === 'string' ? `echo: ${message}` : message),
      );
    });
    const server = new WsServer();
    server.addTransceiver(transceiver);
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    cleanups.push(() => server.stop());
    let subscription: Subscription | undefined;
    const events: SignalingEvent[] = [];
    const connection = await new Promise<{ channel: DataChannel }>((resolve, reject) => {
      subscription = connectToTransceiver(`ws://127.0.0.1:${port}/ws`, {
        peer: loopback,
      }).subscribe({ next: resolve, error: reject });
    });
    cleanups.push(() => subscription?.unsubscribe());
    const replies = firstValueFrom(connection.channel.messages$.pipe(take(3), toArray()));
    for (const text of ['one', 'two', 'three']) connection.channel.send(text);
    expect(await replies).toEqual(['echo: one', 'echo: two', 'echo: three']);
    const binary = firstValueFrom(
      connection.channel.messages$.pipe(filter((m) => typeof m !== 'string')),
    );
    connection.channel.send(Buffer.from([9, 8, 7]));
    expect([...((await binary) as Buffer)]).toEqual([9, 8, 7]);
    expect(serverChannels.length).toBe(1);
    expect(events).toEqual([]);
  });
});
