import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { liveObjects, PeerConnection, type PeerState } from '../src/index.js';
import { loopback, openChannelPair, wiredPeers } from './helpers/peers.js';

describe('lifetimes and the Observable contract', () => {
  test('a stream subscribed after close still gets its final value, then completes', async () => {
    const { a, b, local } = await openChannelPair();
    a.close();
    expect(await lastValueFrom(a.state$.pipe(toArray()))).toEqual(['closed']);
    expect(await lastValueFrom(a.iceState$.pipe(toArray()))).toEqual(['closed']);
    expect(await lastValueFrom(local.closed$.pipe(toArray()))).toEqual([undefined]);
    // open$ after close: it is not open, so it completes without emitting.
    expect(await lastValueFrom(local.open$.pipe(toArray()))).toEqual([]);
    expect((await firstValueFrom(a.localDescription$)).type).toBe('offer');
    b.close();
  });

  test('localCandidate$ replays the candidates of the current gathering to a late subscriber', async () => {
    const [a, b] = wiredPeers();
    const remote = firstValueFrom(b.dataChannel$);
    a.createDataChannel('x');
    await remote;
    const late: string[] = [];
    a.localCandidate$.subscribe((candidate) => late.push(candidate.candidate));
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((candidate) => candidate.startsWith('a=candidate:'))).toBe(true);
    a.close();
    b.close();
  });

  test('candidates follow their description, and a candidate that arrives early is kept', async () => {
    const a = new PeerConnection({ ...loopback, name: 'a' });
    const b = new PeerConnection({ ...loopback, name: 'b' });
    const order: string[] = [];
    a.localDescription$.subscribe((d) => order.push(`description:${d.type}`));
    a.localCandidate$.subscribe(() => order.push('candidate'));
    // a's description reaches b 50 ms late; its candidates go at once, so they arrive first.
    a.localDescription$.subscribe((d) => setTimeout(() => b.setRemoteDescription(d), 50));
    a.localCandidate$.subscribe((c) => b.addRemoteCandidate(c));
    b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
    b.localCandidate$.subscribe((c) => a.addRemoteCandidate(c));
    const remote = firstValueFrom(b.dataChannel$);
    const local = a.createDataChannel('late description');
    await firstValueFrom(local.open$);
    expect((await remote).label).toBe('late description');
    expect(order[0]).toBe('description:offer');
    expect(order.filter((event) => event === 'candidate').length).toBeGreaterThan(0);
    a.close();
    b.close();
  });

  test('dataChannel$ holds channels nobody has taken, and typed events agree with the streams', async () => {
    const [a, b] = wiredPeers();
    const states: PeerState[] = [];
    a.on('state', (state) => states.push(state));
    const first = a.createDataChannel('first');
    await firstValueFrom(first.open$);
    a.createDataChannel('second');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const labels = await new Promise<string[]>((resolve) => {
      const seen: string[] = [];
      b.on('dataChannel', (channel) => {
        seen.push(channel.label);
        if (seen.length === 2) resolve(seen);
      });
    });
    expect(labels).toEqual(['first', 'second']);
    a.close();
    expect(states[0]).toBe('new');
    expect(states).toContain('connected');
    expect(states.at(-1)).toBe('closed');
    b.close();
  });

  test('using closes the object; await using waits until node-datachannel released it', async () => {
    {
      using peer = new PeerConnection(loopback);
      expect(peer.isClosed).toBe(false);
      expect(liveObjects().map((o) => o.kind)).toEqual(['PeerConnection']);
    }
    expect(liveObjects().every((o) => o.closing)).toBe(true);
    const { a, b, local } = await openChannelPair();
    {
      await using channel = local;
      expect(channel.isOpen).toBe(true);
    }
    expect(local.isClosed).toBe(true);
    a.close();
    b.close();
  });
});
