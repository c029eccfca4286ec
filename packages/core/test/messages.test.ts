import { createHash } from 'node:crypto';
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, test } from 'vitest';
import type { Message } from '../src/index.js';
import { openChannelPair } from './helpers/peers.js';

/** Message i: text or binary, 0 bytes to 64 KiB, its content derived from i. */
function messageNumber(i: number): string | Buffer {
  const size = [0, 1, 100, 1024, 5000, 16 * 1024, 65536][i % 7]!;
  if (i % 2 === 0)
    return `${i}:`.padEnd(Math.max(size, String(i).length + 1), String.fromCharCode(97 + (i % 26)));
  const bytes = Buffer.alloc(size, i & 0xff);
  if (size >= 4) bytes.writeUInt32BE(i, 0);
  return bytes;
}

const digest = (messages: Message[]) => {
  const hash = createHash('sha256');
  for (const m of messages)
    hash.update(
      typeof m === 'string'
        ? `s${m.length}:${m}`
        : Buffer.concat([Buffer.from(`b${m.length}:`), m]),
    );
  return hash.digest('hex');
};

describe('messages$', () => {
  test('10,000 messages of mixed sizes, sent before anyone subscribes, arrive intact and in order', async () => {
    // About 126 MB held: above the default hold (16 MiB, 4,096 messages, 64 MiB per peer), so
    // raised here.
    const { a, b, local, remote } = await openChannelPair('test', {
      hold: {
        maxHeldMessages: 10_000,
        maxHeldBytes: 256 * 1024 * 1024,
        maxPeerHeldBytes: 256 * 1024 * 1024,
      },
    });
    const expected = Array.from({ length: 10_000 }, (_, i) => messageNumber(i));
    local.bufferedAmountLowThreshold = 256 * 1024;
    let next = 0;
    const pump = () => {
      while (next < expected.length && local.bufferedAmount < 1024 * 1024)
        local.send(expected[next++]!);
    };
    const drained = firstValueFrom(
      local.bufferedAmountLow$.pipe(
        filter(() => {
          pump();
          return next === expected.length && local.bufferedAmount <= 256 * 1024;
        }),
      ),
    );
    pump();
    await drained;
    // Everything was sent before the receiver subscribes: the first subscriber gets it all.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const received = await firstValueFrom(remote.messages$.pipe(take(expected.length), toArray()));
    expect(received.length).toBe(expected.length);
    received.forEach((message, i) => {
      expect(typeof message).toBe(typeof expected[i]);
    });
    expect(digest(received)).toBe(digest(expected));
    a.close();
    b.close();
  });

  test('later subscribers get only what nobody has taken; a late subscriber after close gets held messages then completes', async () => {
    const { a, b, local, remote } = await openChannelPair();
    const first = firstValueFrom(remote.messages$.pipe(take(2), toArray()));
    local.send('one');
    local.send('two');
    expect(await first).toEqual(['one', 'two']);
    local.send('three');
    const closedRemote = lastValueFrom(remote.closed$);
    // 'three' is held because nobody is subscribed; the close comes after it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    local.close();
    await closedRemote;
    expect(await lastValueFrom(remote.messages$.pipe(toArray()))).toEqual(['three']);
    a.close();
    b.close();
  });

  test("the 'message' event receives held messages too, and both APIs agree", async () => {
    const { a, b, local, remote } = await openChannelPair();
    local.send('before');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const heard: Message[] = [];
    const done = new Promise<void>((resolve) => {
      remote.on('message', (message) => {
        heard.push(message);
        if (heard.length === 2) resolve();
      });
    });
    local.send('after');
    await done;
    expect(heard).toEqual(['before', 'after']);
    a.close();
    b.close();
  });
});
