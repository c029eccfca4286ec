import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Message, PeerConnection } from '@rxdc/core';
import { firstValueFrom, lastValueFrom, map, range, take, timer, toArray } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { sendFrom } from '../src/backpressure/send-from.js';
import { sendWithBackpressure } from '../src/backpressure/send-with-backpressure.js';
import { RxError } from '../src/errors/rx-error.js';
import { FrameEncoder, toRawMessage } from '../src/framing/frame-encoder.js';
import { framed } from '../src/framing/framed-channel.js';
import { type LocalChannelPair, localChannelPair } from '../src/signaling/local-channel-pair.js';
import { channelSubject } from '../src/subject/channel-subject.js';

let pair: LocalChannelPair | undefined;
afterEach(() => {
  pair?.close();
  pair = undefined;
});

const MiB = 1024 * 1024;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const chunkAt = (i: number, size = 64 * 1024) => {
  const chunk = Buffer.alloc(size, i & 0xff);
  chunk.writeUInt32LE(i, 0);
  return chunk;
};
const sizeOf = (message: Message) =>
  typeof message === 'string' ? Buffer.byteLength(message) : message.byteLength;

describe('credit-based flow control', () => {
  test('with nobody reading, the sender stops after about one window; reading then takes every byte, in order', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote, { window: 2 * MiB });
    const count = 320; // 20 MiB
    const sentHash = createHash('sha256');
    function* source() {
      for (let i = 0; i < count; i++) {
        const chunk = chunkAt(i);
        sentHash.update(chunk);
        yield chunk;
      }
    }
    let sentBytes = 0;
    const sending = lastValueFrom(
      sendFrom(left, source()).pipe(map((progress) => (sentBytes = progress.sentBytes))),
    );
    await settle(400);
    // Handed to the framed channel: what the window let through, plus the framed queue the
    // sender may fill (1 MiB high-water mark), plus one chunk.
    expect(sentBytes).toBeGreaterThan(MiB);
    expect(sentBytes).toBeLessThanOrEqual(2 * MiB + MiB + 64 * 1024);
    const stalled = sentBytes;
    await settle(200);
    expect(sentBytes).toBe(stalled);
    // Now read, pulling with an async iterator.
    const receivedHash = createHash('sha256');
    let received = 0;
    for await (const message of right) {
      receivedHash.update(message);
      received += sizeOf(message);
      if (received >= count * 64 * 1024) break;
    }
    await sending;
    expect(received).toBe(count * 64 * 1024);
    expect(receivedHash.digest('hex')).toBe(sentHash.digest('hex'));
  });

  test('sendFrom, sendWithBackpressure and channelSubject accept a framed channel', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    const big = Buffer.alloc(3 * MiB, 5);
    const arrived = firstValueFrom(right.messages$.pipe(take(4), toArray()));
    await lastValueFrom(sendFrom(left, [big, 'after the big one']));
    await lastValueFrom(
      range(0, 2).pipe(
        map((i) => `pushed ${i}`),
        sendWithBackpressure(left),
      ),
    );
    const messages = await arrived;
    expect(Buffer.compare(messages[0] as Buffer, big)).toBe(0);
    expect(messages.slice(1)).toEqual(['after the big one', 'pushed 0', 'pushed 1']);
    const subject = channelSubject<Message>(left);
    const echoed = firstValueFrom(right.messages$);
    subject.next('through the subject');
    expect(await echoed).toBe('through the subject');
  });

  test('consume(work) takes the next message only when the work for the last one completed', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    for (let i = 0; i < 5; i++) left.send(`m${i}`);
    let running = 0;
    let overlap = false;
    const done = await firstValueFrom(
      right
        .consume((message) => {
          running++;
          if (running > 1) overlap = true;
          return timer(20).pipe(
            map(() => {
              running--;
              return message;
            }),
          );
        })
        .pipe(take(5), toArray()),
    );
    expect(done).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(overlap).toBe(false);
  });

  test('web streams: a WritableStream into one side, a ReadableStream out of the other', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    const writer = left.writable().getWriter();
    for (let i = 0; i < 64; i++) await writer.write(chunkAt(i));
    await writer.write('done');
    const reader = right.readable().getReader();
    let bytes = 0;
    for (;;) {
      const { value } = await reader.read();
      if (value === 'done') break;
      bytes += sizeOf(value as Message);
    }
    expect(bytes).toBe(64 * 64 * 1024);
    await writer.close();
    reader.releaseLock();
  });

  test('Duplex: stream.pipeline from a Readable over the channel into a Writable, ending when the channel closes', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    const sent = createHash('sha256');
    const got = createHash('sha256');
    let gotBytes = 0;
    const source = Readable.from(
      (function* () {
        for (let i = 0; i < 160; i++) {
          const chunk = chunkAt(i);
          sent.update(chunk);
          yield chunk;
        }
      })(),
    );
    const sink = new Writable({
      objectMode: true,
      write(chunk: Buffer, _encoding, callback) {
        got.update(chunk);
        gotBytes += chunk.byteLength;
        setTimeout(callback, 0);
      },
    });
    const receiving = pipeline(right.duplex(), sink);
    await pipeline(source, left.duplex());
    // Everything left the channel's buffer: closing now loses nothing.
    pair.local.close();
    await receiving;
    expect(gotBytes).toBe(160 * 64 * 1024);
    expect(got.digest('hex')).toBe(sent.digest('hex'));
  });

  test('a peer that sends past the credit it was granted gets FRAME_CORRUPT, not an unbounded receiver', async () => {
    pair = await localChannelPair();
    const right = framed(pair.remote, { window: MiB });
    // A sender that ignores credit: valid version-2 packets of 60 KB, 20 of them (1.2 MB) at
    // once, while nobody reads, so no credit comes back after the first 1 MiB.
    const encoder = new FrameEncoder({ alloc: (size) => Buffer.allocUnsafe(size) });
    for (let i = 0; i < 20; i++) pair.local.send(encoder.batch([toRawMessage(chunkAt(i, 60_000))]));
    await settle(300);
    let read = 0;
    const error = await (async () => {
      for await (const _message of right) read++;
    })().catch((caught) => caught);
    // What was within the credit is delivered first, then the error.
    expect(read).toBe(17);
    expect(error).toBeInstanceOf(RxError);
    expect(error.code).toBe('FRAME_CORRUPT');
    expect(error.message).toMatch(/credit/);
  });

  test('the window must hold four of the largest packets', () => {
    const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
    const channel = peer.createDataChannel('window');
    expect(() => framed(channel, { window: 64 * 1024 })).toThrow(/window must be/);
    peer.close();
  });
});

describe('the remote side closes mid-transfer before closed$ arrives', () => {
  // node-datachannel reports the remote close on its own queue: between the native close and
  // core's closed$, core's send fails with its CLOSED. The source below closes the remote side
  // and blocks the JS thread until the native close has happened, which makes the race certain.
  const block = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

  test('sendFrom fails with its own CHANNEL_CLOSED, not core CLOSED', async () => {
    pair = await localChannelPair();
    const p = pair;
    function* source() {
      for (let i = 0; i < 100; i++) {
        if (i === 10) {
          p.remote.close();
          block(1000);
          expect(p.local.isClosed).toBe(false);
        }
        yield chunkAt(i, 1024);
      }
    }
    const error = await lastValueFrom(sendFrom(p.local, source())).catch((caught) => caught);
    expect(error).toBeInstanceOf(RxError);
    expect(error.code).toBe('CHANNEL_CLOSED');
    expect(error.cause).toMatchObject({ code: 'CLOSED' });
  });

  test('sendWithBackpressure fails with CHANNEL_CLOSED too', async () => {
    pair = await localChannelPair();
    const p = pair;
    const error = await lastValueFrom(
      range(0, 100).pipe(
        map((i) => {
          if (i === 10) {
            p.remote.close();
            block(1000);
          }
          return chunkAt(i, 1024);
        }),
        sendWithBackpressure(p.local),
      ),
    ).catch((caught) => caught);
    expect(error).toBeInstanceOf(RxError);
    expect(error.code).toBe('CHANNEL_CLOSED');
    expect(error.cause).toMatchObject({ code: 'CLOSED' });
  });

  test('sendFrom into a framed channel fails with CHANNEL_CLOSED too', async () => {
    pair = await localChannelPair();
    const p = pair;
    const left = framed(p.local);
    framed(p.remote);
    async function* source() {
      for (let i = 0; i < 100; i++) {
        if (i === 10) {
          await settle(50);
          p.remote.close();
          block(1000);
        }
        yield chunkAt(i, 1024);
      }
    }
    const error = await lastValueFrom(sendFrom(left, source())).catch((caught) => caught);
    expect(error).toBeInstanceOf(RxError);
    expect(error.code).toBe('CHANNEL_CLOSED');
  });
});
