import { Readable } from 'node:stream';
import { PeerConnection } from '@rxdc/core';
import {
  catchError,
  filter,
  firstValueFrom,
  from,
  lastValueFrom,
  map,
  of,
  range,
  take,
  toArray,
} from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import type { FlowChannel } from '../src/backpressure/flow-channel.js';
import { sendFrom } from '../src/backpressure/send-from.js';
import { sendWithBackpressure } from '../src/backpressure/send-with-backpressure.js';
import { RxError } from '../src/errors/rx-error.js';
import { connectPeers } from '../src/signaling/connect-peers.js';
import { type LocalChannelPair, localChannelPair } from '../src/signaling/local-channel-pair.js';

let pair: LocalChannelPair | undefined;
afterEach(() => {
  pair?.close();
  pair = undefined;
});

/** Counts bytes arriving on `remote` and resolves when `total` arrived. */
function receive(p: LocalChannelPair, total: number): Promise<number> {
  return new Promise((resolve) => {
    let got = 0;
    p.remote.messages$.subscribe((message) => {
      got += typeof message === 'string' ? Buffer.byteLength(message) : message.byteLength;
      if (got >= total) resolve(got);
    });
  });
}

describe('sendWithBackpressure (push sources)', () => {
  test('never lets bufferedAmount pass the high-water mark, reports progress, completes when drained', async () => {
    pair = await localChannelPair();
    const { local } = pair;
    const chunk = Buffer.alloc(16 * 1024, 1);
    const highWaterMark = 256 * 1024;
    const arrived = receive(pair, 20 * 1024 * 1024);
    let maxBuffered = 0;
    const reports = await lastValueFrom(
      range(0, 1280).pipe(
        map(() => chunk),
        sendWithBackpressure(local, { highWaterMark, queueLimit: 32 * 1024 * 1024 }),
        map((progress) => {
          maxBuffered = Math.max(maxBuffered, local.bufferedAmount, progress.bufferedBytes);
          return progress;
        }),
        toArray(),
      ),
    );
    expect(maxBuffered).toBeLessThanOrEqual(highWaterMark);
    const last = reports.at(-1);
    expect(last).toMatchObject({
      done: true,
      sentBytes: 20 * 1024 * 1024,
      sentMessages: 1280,
      bufferedBytes: 0,
      queuedBytes: 0,
    });
    expect(local.bufferedAmount).toBe(0);
    expect(reports.length).toBeGreaterThan(2);
    expect(await arrived).toBe(20 * 1024 * 1024);
  });

  test("a push source that outruns the channel fails with QUEUE_OVERFLOW naming the limit (policy 'error')", async () => {
    pair = await localChannelPair();
    const chunk = Buffer.alloc(64 * 1024);
    const outcome = await lastValueFrom(
      range(0, 100).pipe(
        map(() => chunk),
        sendWithBackpressure(pair.local, { highWaterMark: 128 * 1024, queueLimit: 1024 * 1024 }),
        map(() => 'sent'),
        catchError((error) => of(error)),
      ),
    );
    expect(outcome).toBeInstanceOf(RxError);
    expect((outcome as RxError).code).toBe('QUEUE_OVERFLOW');
    expect((outcome as RxError).message).toContain('queueLimit of 1048576');
  });

  test("'drop-oldest' counts what it dropped and still completes", async () => {
    pair = await localChannelPair();
    const chunk = Buffer.alloc(64 * 1024);
    const last = await lastValueFrom(
      range(0, 100).pipe(
        map(() => chunk),
        sendWithBackpressure(pair.local, {
          highWaterMark: 128 * 1024,
          queueLimit: 1024 * 1024,
          overflow: 'drop-oldest',
        }),
      ),
    );
    expect(last.done).toBe(true);
    expect(last.droppedMessages).toBeGreaterThan(0);
    expect(last.sentMessages + last.droppedMessages).toBe(100);
  });

  test('messages queued before the channel opens are sent once it opens', async () => {
    pair = await localChannelPair();
    const late = pair.a.createDataChannel('late');
    const remoteLate = firstValueFrom(pair.b.dataChannel$.pipe(filter((c) => c.label === 'late')));
    const done = lastValueFrom(from(['one', 'two']).pipe(sendWithBackpressure(late)));
    const channel = await remoteLate;
    const got = await firstValueFrom(channel.messages$.pipe(take(2), toArray()));
    expect(got).toEqual(['one', 'two']);
    expect((await done).done).toBe(true);
  });
});

describe('sendFrom (pull sources)', () => {
  test('a synchronous iterable is sent in bursts: the buffer never passes the mark, progress comes per burst, done when drained', async () => {
    pair = await localChannelPair();
    const channel = pair.local;
    let maxAfterSend = 0;
    // The channel as sendFrom sees it, measuring the buffer after every send.
    const measured: FlowChannel = {
      send: (data) => {
        channel.send(data);
        maxAfterSend = Math.max(maxAfterSend, channel.bufferedAmount);
      },
      get bufferedAmount() {
        return channel.bufferedAmount;
      },
      get bufferedAmountLowThreshold() {
        return channel.bufferedAmountLowThreshold;
      },
      set bufferedAmountLowThreshold(threshold) {
        channel.bufferedAmountLowThreshold = threshold;
      },
      get maxMessageSize() {
        return channel.maxMessageSize;
      },
      get isOpen() {
        return channel.isOpen;
      },
      get isClosed() {
        return channel.isClosed;
      },
      open$: channel.open$,
      closed$: channel.closed$,
      bufferedAmountLow$: channel.bufferedAmountLow$,
    };
    const chunk = Buffer.alloc(64 * 1024, 2);
    function* chunks() {
      for (let i = 0; i < 256; i++) yield chunk;
    }
    const highWaterMark = 512 * 1024;
    const arrived = receive(pair, 16 * 1024 * 1024);
    const reports = await lastValueFrom(
      sendFrom(measured, chunks(), { highWaterMark }).pipe(toArray()),
    );
    expect(maxAfterSend).toBeLessThanOrEqual(highWaterMark);
    expect(reports.at(-1)).toEqual({
      sentBytes: 16 * 1024 * 1024,
      sentMessages: 256,
      bufferedBytes: 0,
      queuedBytes: 0,
      droppedMessages: 0,
      done: true,
    });
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.length).toBeLessThan(256 / 2);
    expect(reports.map((r) => r.sentBytes)).toEqual(
      [...reports.map((r) => r.sentBytes)].sort((a, b) => a - b),
    );
    expect(channel.bufferedAmount).toBe(0);
    expect(await arrived).toBe(16 * 1024 * 1024);
  });

  test('a source that throws fails the stream with its error; one started before open waits for open', async () => {
    pair = await localChannelPair();
    function* failing() {
      yield Buffer.alloc(1024);
      throw new Error('disk on fire');
    }
    const failed = await lastValueFrom(
      sendFrom(pair.local, failing()).pipe(catchError((error) => of(error))),
    );
    expect((failed as Error).message).toBe('disk on fire');
    // Fresh peers, not even connected: the channel cannot be open yet.
    const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
    const a = new PeerConnection(loopback);
    const b = new PeerConnection(loopback);
    const wiring = connectPeers(a, b);
    try {
      const remote = firstValueFrom(b.dataChannel$);
      const early = a.createDataChannel('early');
      expect(early.isOpen).toBe(false);
      const sent = lastValueFrom(sendFrom(early, ['one', 'two']));
      const got = firstValueFrom((await remote).messages$.pipe(take(2), toArray()));
      expect(await sent).toMatchObject({ done: true, sentMessages: 2 });
      expect(await got).toEqual(['one', 'two']);
    } finally {
      wiring.unsubscribe();
      a.close();
      b.close();
    }
  });

  test('a Node Readable is read as fast as the channel drains and arrives whole', async () => {
    pair = await localChannelPair();
    const total = 8 * 1024 * 1024;
    let produced = 0;
    const readable = new Readable({
      read() {
        if (produced >= total) return this.push(null);
        produced += 100_000;
        this.push(Buffer.alloc(Math.min(100_000, total - (produced - 100_000)), 3));
      },
    });
    const arrived = receive(pair, total);
    const last = await lastValueFrom(sendFrom(pair.local, readable, { highWaterMark: 512 * 1024 }));
    expect(last).toMatchObject({ done: true, sentBytes: total, bufferedBytes: 0 });
    expect(await arrived).toBe(total);
  });

  test('a web ReadableStream, and chunks larger than maxMessageSize are split', async () => {
    pair = await localChannelPair();
    const big = new Uint8Array(1024 * 1024).fill(5);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 4) controller.enqueue(big);
        else controller.close();
      },
    });
    const arrived = receive(pair, 4 * 1024 * 1024);
    const last = await lastValueFrom(sendFrom(pair.local, stream));
    expect(last.sentBytes).toBe(4 * 1024 * 1024);
    expect(last.sentMessages).toBeGreaterThanOrEqual(16);
    expect(await arrived).toBe(4 * 1024 * 1024);
  });

  test('unsubscribing stops reading the source', async () => {
    pair = await localChannelPair();
    // Read what arrives: an unread channel is closed past core's hold limit (16 MiB).
    pair.remote.messages$.subscribe({ error: () => {} });
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.alloc(64 * 1024);
      }
    }
    const subscription = sendFrom(pair.local, endless(), { highWaterMark: 256 * 1024 }).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 200));
    subscription.unsubscribe();
    const at = pulled;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pulled).toBe(at);
    expect(pulled).toBeGreaterThan(4);
  });

  test('closing the channel mid-send fails with CHANNEL_CLOSED', async () => {
    pair = await localChannelPair();
    const local = pair.local;
    async function* slow() {
      for (let i = 0; i < 1000; i++) {
        if (i === 20) local.close();
        yield Buffer.alloc(64 * 1024);
      }
    }
    const outcome = await lastValueFrom(
      sendFrom(local, slow()).pipe(catchError((error) => of(error))),
    );
    expect((outcome as RxError).code).toBe('CHANNEL_CLOSED');
  });
});
