import { randomBytes } from 'node:crypto';
import { firstValueFrom, lastValueFrom, type Observable, take, toArray } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { openChannelPair, wiredPeers } from './helpers/peers.js';

describe('two PeerConnections on loopback, through Observables only', () => {
  test('connect, exchange text and binary both ways, and close with every stream completing', async () => {
    const [a, b] = wiredPeers();
    const statesOfA = lastValueFrom(a.state$.pipe(toArray()));
    const remotePromise = firstValueFrom(b.dataChannel$);
    const local = a.createDataChannel('chat', { protocol: 'demo' });
    const remote = await remotePromise;
    await firstValueFrom(local.open$);

    expect(remote.label).toBe('chat');
    expect(remote.protocol).toBe('demo');
    expect(local.streamId).toBe(remote.streamId);
    expect(a.state).toBe('connected');
    expect(a.maxMessageSize).toBeGreaterThan(0);
    expect(a.selectedCandidatePair?.local.address).toBe('127.0.0.1');

    const atB = firstValueFrom(remote.messages$.pipe(toArray()));
    const atA = firstValueFrom(local.messages$.pipe(toArray()));
    local.send('hello from a');
    local.send(new Uint8Array([1, 2, 3]));
    remote.send('hello from b');
    remote.send(Buffer.from([4, 5]));

    const waitFor = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 5));
    };
    await waitFor(() => a.bytesReceived > 0 && b.bytesReceived > 0);
    await new Promise((r) => setTimeout(r, 50));

    const completions = [
      a.state$,
      a.iceState$,
      a.signalingState$,
      a.gatheringState$,
      a.localDescription$,
      a.localCandidate$,
      a.dataChannel$,
      a.track$,
      local.messages$,
      local.bufferedAmountLow$,
      local.closed$,
      local.error$,
      remote.messages$,
    ].map((stream) => lastValueFrom(stream as Observable<unknown>, { defaultValue: 'completed' }));

    a.close();
    await Promise.all(completions);
    const receivedAtB = await atB;
    const receivedAtA = await atA;
    expect(receivedAtB[0]).toBe('hello from a');
    expect([...(receivedAtB[1] as Buffer)]).toEqual([1, 2, 3]);
    expect(receivedAtA[0]).toBe('hello from b');
    expect([...(receivedAtA[1] as Buffer)]).toEqual([4, 5]);

    const states = await statesOfA;
    expect(states).toContain('connecting');
    expect(states).toContain('connected');
    expect(states.at(-1)).toBe('closed');
    expect(a.state).toBe('closed');
    expect(local.isClosed).toBe(true);
    await lastValueFrom(remote.closed$);
    b.close();
  });

  test('messages sent before the receiver subscribes reach its first subscriber in order', async () => {
    const { a, b, local, remote } = await openChannelPair();
    for (let i = 0; i < 500; i++) local.send(`m${i}`);
    while (remote.isOpen && a.bytesSent < 500 * 3) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    const received: string[] = [];
    const done = new Promise<void>((resolve) => {
      remote.messages$.subscribe((m) => {
        received.push(m as string);
        if (received.length === 500) resolve();
      });
    });
    await done;
    expect(received).toEqual(Array.from({ length: 500 }, (_, i) => `m${i}`));
    a.close();
    b.close();
  });

  test('at the largest MTU core accepts (4096), large messages arrive intact', async () => {
    const { a, b, local, remote } = await openChannelPair('mtu', { mtu: 4096 });
    const sent = Array.from({ length: 20 }, () => randomBytes(200 * 1024));
    const arrived = firstValueFrom(remote.messages$.pipe(take(sent.length), toArray()));
    for (const message of sent) local.send(message);
    const received = await arrived;
    expect(received.every((message, i) => sent[i]!.equals(message as Buffer))).toBe(true);
    a.close();
    b.close();
  });
});
