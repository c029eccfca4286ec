import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { type DataChannel, PeerConnection, RtcError, WebSocketServer } from '../src/index.js';
import { runChild } from './helpers/child.js';
import { expectRtcError } from './helpers/expect-rtc-error.js';
import { loopback, openChannelPair, wiredPeers } from './helpers/peers.js';

describe('every hold has a limit in bytes and in count', () => {
  test('messages past maxHeldMessages close the channel with HOLD_OVERFLOW, after what was held', async () => {
    const { a, b, local, remote } = await openChannelPair('bounded', {
      hold: { maxHeldMessages: 10 },
    });
    const errors: string[] = [];
    remote.error$.subscribe((error) => errors.push(error.code));
    for (let i = 0; i < 20; i++) local.send(`m${i}`);
    await firstValueFrom(remote.closed$);
    const failure = await lastValueFrom(remote.messages$.pipe(toArray()))
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(errors).toEqual(['HOLD_OVERFLOW']);
    expect(failure).toBeInstanceOf(RtcError);
    expect((failure as RtcError).code).toBe('HOLD_OVERFLOW');
    a.close();
    b.close();
  });

  test('a late subscriber gets the held messages, in order, then HOLD_OVERFLOW', async () => {
    const { a, b, local, remote } = await openChannelPair('bounded', {
      hold: { maxHeldBytes: 1000 },
    });
    for (let i = 0; i < 30; i++) local.send('x'.repeat(99) + String(i % 10));
    await firstValueFrom(remote.closed$);
    const received: string[] = [];
    const error = await new Promise<unknown>((resolve) =>
      remote.messages$.subscribe({
        next: (m) => received.push(String(m)),
        error: resolve,
        complete: () => resolve(undefined),
      }),
    );
    expect((error as RtcError).code).toBe('HOLD_OVERFLOW');
    // 10 messages of 100 bytes fill the 1,000 bytes; nothing beyond is delivered as a message.
    expect(received.map((m) => m.at(-1))).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    a.close();
    b.close();
  });

  test('remote channels past maxHeldObjects are closed and reported; closed channels are not handed out', async () => {
    const [a, b] = wiredPeers({ hold: { maxHeldObjects: 2 } });
    const errors: string[] = [];
    b.error$.subscribe((error) => errors.push(error.code));
    const first = a.createDataChannel('first');
    await firstValueFrom(first.open$);
    const opened: DataChannel[] = [first];
    for (const label of ['second', 'third']) {
      const channel = a.createDataChannel(label);
      await firstValueFrom(channel.open$);
      opened.push(channel);
    }
    // The third remote channel passed the limit: closed on b, so its local side closes too.
    await firstValueFrom(opened[2]!.closed$);
    expect(errors).toEqual(['HOLD_OVERFLOW']);
    // The first is closed by a before anyone takes it: it is dropped from the hold.
    first.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const taken: string[] = [];
    const subscription = b.dataChannel$.subscribe((channel) => taken.push(channel.label));
    expect(taken).toEqual(['second']);
    subscription.unsubscribe();
    a.close();
    b.close();
  });

  test('wrong limits are INVALID_CONFIG', () => {
    expectRtcError(
      () => new PeerConnection({ ...loopback, hold: { maxHeldBytes: 0 } }),
      'INVALID_CONFIG',
    );
    expectRtcError(
      () => new PeerConnection({ ...loopback, hold: { maxHeldMessages: 1.5 } }),
      'INVALID_CONFIG',
    );
    expectRtcError(
      () =>
        new WebSocketServer({ port: 0, bindAddress: '127.0.0.1', hold: { maxHeldObjects: -1 } }),
      'INVALID_CONFIG',
    );
  });
});

// These run compiled code (dist/) in child processes: `turbo run test` builds first.
describe('memory stays bounded (child processes)', () => {
  for (const kind of ['channel', 'socket'] as const) {
    test(`300 MiB sent to an unread ${kind} keep the receiver within the hold limit + 64 MiB, report HOLD_OVERFLOW, and a second peer is served`, async () => {
      const run = await runChild('unread-hold.mjs', [kind], {
        nodeArgs: ['--expose-gc'],
        timeoutMs: 180_000,
      });
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
      expect(result.errors, run.stdout).toEqual(['HOLD_OVERFLOW']);
      expect(result.firstClosed).toBe(true);
      // The default hold is 16 MiB; the rest is allowance for buffers in flight.
      expect(result.peakGrowthMiB, run.stdout).toBeLessThan(16 + 64);
      expect(result.echo).toBe('ping');
    });
  }

  // 20,000 WebSocket connections opened and closed one after another (RSS under 20 MiB, nothing
  // left alive): bounds-and-exits.test.ts, in the same child as their opens and exit.
});
