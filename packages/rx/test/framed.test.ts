import { createHash } from 'node:crypto';
import type { Message } from '@rxdc/core';
import { catchError, firstValueFrom, lastValueFrom, of, take, toArray } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { RxError } from '../src/errors/rx-error.js';
import { framed } from '../src/framing/framed-channel.js';
import { packetChecksum } from '../src/framing/wire-format.js';
import { type LocalChannelPair, localChannelPair } from '../src/signaling/local-channel-pair.js';

let pair: LocalChannelPair | undefined;
afterEach(() => {
  pair?.close();
  pair = undefined;
});

const digest = (message: Message) => createHash('sha256').update(message).digest('hex');

const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));

describe('framed channel on loopback peers', () => {
  test('send takes what the W3C send takes: an ArrayBuffer and any view arrive as their bytes', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    const arrived = firstValueFrom(right.messages$.pipe(take(3), toArray()));
    left.send(new Uint8Array([1, 2, 3]).buffer);
    left.send(new DataView(new Uint8Array([9, 4, 5, 9]).buffer, 1, 2));
    left.send(new Uint16Array([0x0102]));
    const [buffer, view, wide] = (await arrived) as Buffer[];
    expect([...(buffer as Buffer)]).toEqual([1, 2, 3]);
    expect([...(view as Buffer)]).toEqual([4, 5]);
    expect((wide as Buffer).byteLength).toBe(2);
  });

  test('the decoding state belongs to the channel: after every subscriber leaves, what arrives is held for the next one', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    // Three messages sent in one task travel in one batch packet: the first subscriber leaves
    // after two of them, in the middle of that packet.
    const first = firstValueFrom(right.messages$.pipe(take(2), toArray()));
    left.send('one');
    left.send('two');
    left.send('three');
    expect(await first).toEqual(['one', 'two']);
    // Nobody is subscribed now: a fragmented message and a small one arrive meanwhile.
    const big = Buffer.alloc(300 * 1024, 9);
    left.send(big);
    left.send('four');
    await firstValueFrom(left.drained$());
    await settle();
    const rest = await firstValueFrom(right.messages$.pipe(take(3), toArray()));
    expect(rest[0]).toBe('three');
    expect(Buffer.compare(rest[1] as Buffer, big)).toBe(0);
    expect(rest[2]).toBe('four');
    // A third subscriber, and a fourth at the same time, both see what comes next.
    const third = firstValueFrom(right.messages$.pipe(take(1)));
    const fourth = firstValueFrom(right.messages$.pipe(take(1)));
    left.send('five');
    expect(await third).toBe('five');
    expect(await fourth).toBe('five');
  });

  test('a decode failure with nobody subscribed is held for the next subscriber, not thrown', async () => {
    pair = await localChannelPair();
    const right = framed(pair.remote);
    await firstValueFrom(right.messages$.pipe(take(0), toArray()));
    pair.local.send('not a framed packet');
    await settle();
    const error = await firstValueFrom(right.messages$).catch((caught) => caught);
    expect(error).toMatchObject({ code: 'FRAME_VERSION' });
    // And again, the same error, for a later subscriber.
    expect(await firstValueFrom(right.messages$).catch((caught) => caught)).toBe(error);
  });

  test('5 MiB messages round-trip intact, interleaved with thousands of small ones, in order', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    const bigs = [0, 1, 2, 3].map((n) => {
      const buffer = Buffer.allocUnsafe(5 * 1024 * 1024);
      for (let i = 0; i < buffer.length; i += 4)
        buffer.writeUInt32LE((i * 2654435761 + n) >>> 0, i);
      return buffer;
    });
    const expected: Array<string> = [];
    const sendSmall = (round: number) => {
      for (let i = 0; i < 1000; i++) {
        const message = i % 2 === 0 ? `small ${round}.${i}` : Buffer.from(`bin ${round}.${i}`);
        left.send(message);
        expected.push(typeof message === 'string' ? `t:${message}` : `b:${digest(message)}`);
      }
    };
    const total = 4 * 1001 + 1000;
    const received = firstValueFrom(right.messages$.pipe(take(total), toArray()));
    for (const [n, big] of bigs.entries()) {
      sendSmall(n);
      left.send(big);
      expected.push(`b:${digest(big)}`);
    }
    sendSmall(9);
    const got = await received;
    expect(got.map((m) => (typeof m === 'string' ? `t:${m}` : `b:${digest(m)}`))).toEqual(expected);
    await firstValueFrom(left.drained$());
    expect(left.queuedBytes).toBe(0);
  });

  test('a corrupt packet injected on the wire gives FRAME_CORRUPT on the receiving side; the process stays up', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local);
    const right = framed(pair.remote);
    const outcome = lastValueFrom(
      right.messages$.pipe(
        toArray(),
        catchError((error) => of(error)),
      ),
    );
    left.send('fine');
    await firstValueFrom(left.drained$());
    // Inject, beside the framed sender, a packet with one flipped byte: its checksum fails.
    const packet = Buffer.from([3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 104, 105]);
    packet.writeUInt32BE(packetChecksum(packet), 6);
    packet[16] = (packet[16] as number) ^ 0x20;
    pair.local.send(packet);
    const error = (await outcome) as RxError;
    expect(error).toBeInstanceOf(RxError);
    expect(error.code).toBe('FRAME_CORRUPT');
    expect(error.message).toMatch(/packet #2 fails its CRC-32 checksum/);
    // The channel and the process are fine: raw messages still flow.
    const next = firstValueFrom(pair.remote.messages$);
    pair.local.send('still alive');
    expect(await next).toBe('still alive');
  });

  test('a truncated message (fragments stop, a new message starts) gives FRAME_TRUNCATED', async () => {
    pair = await localChannelPair();
    const right = framed(pair.remote);
    const outcome = lastValueFrom(
      right.messages$.pipe(
        toArray(),
        catchError((error) => of(error)),
      ),
    );
    // A first fragment announcing 1000 bytes but carrying 3, then a batch packet.
    const first = Buffer.from([3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 232, 1, 2, 3]);
    first.writeUInt32BE(packetChecksum(first), 6);
    const batch = Buffer.from([3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 65]);
    batch.writeUInt32BE(packetChecksum(batch), 6);
    pair.local.send(first);
    pair.local.send(batch);
    const error = (await outcome) as RxError;
    expect(error.code).toBe('FRAME_TRUNCATED');
    expect(error.message).toContain('3 of 1000 bytes');
  });

  test('a message over maxMessageSize is refused at send, and the channel closing mid-message is FRAME_TRUNCATED', async () => {
    pair = await localChannelPair();
    const left = framed(pair.local, { maxMessageSize: 1024 * 1024 });
    expect(() => left.send(Buffer.alloc(2 * 1024 * 1024))).toThrow(
      expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }),
    );
    const right = framed(pair.remote);
    const outcome = lastValueFrom(
      right.messages$.pipe(
        toArray(),
        catchError((error) => of(error)),
      ),
    );
    // Sequence 1: the framed channel on this side already sent its credit grant as packet 0.
    const first = Buffer.from([3, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3, 232, 1, 2, 3]);
    first.writeUInt32BE(packetChecksum(first), 6);
    pair.local.send(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    pair.local.close();
    expect(((await outcome) as RxError).code).toBe('FRAME_TRUNCATED');
  });
});
