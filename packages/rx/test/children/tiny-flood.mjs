// Hostile-but-correct senders against a framed channel nobody reads, in this process on real
// loopback peers; prints one JSON line for flow-attack-memory.test.ts. Run with --expose-gc.
//
//   node tiny-flood.mjs tiny        a framed sender floods empty messages as fast as its credit
//                                   allows (sendFrom of 2,000,000 empty messages); the receiver
//                                   never reads. Reports the messages held and heap/RSS growth.
//   node tiny-flood.mjs fragment    a raw sender sends one 16-byte first fragment announcing a
//                                   64 MiB message, and nothing more. Reports the growth of
//                                   ArrayBuffer memory (an allocation shows there even when its
//                                   pages are never touched, unlike RSS).
import { crc32 } from 'node:zlib';
import { shutdown } from '@rxdc/core';
import { firstValueFrom } from 'rxjs';
import { framed, localChannelPair, sendFrom } from '../../dist/index.js';

const mode = process.argv[2];
const MiB = 1024 * 1024;
const gcNow = () => {
  globalThis.gc?.();
  globalThis.gc?.();
};
const memory = () => {
  gcNow();
  return process.memoryUsage();
};
/** Resolves once `read()` returned the same value for `polls` polls 100 ms apart. */
const steady = (read, polls) =>
  new Promise((resolve) => {
    let last = -1;
    let same = 0;
    let max = 0;
    const timer = setInterval(() => {
      const value = read();
      max = Math.max(max, value);
      same = value === last ? same + 1 : 0;
      last = value;
      if (same >= polls) {
        clearInterval(timer);
        resolve({ value, max });
      }
    }, 100);
  });

const pair = await localChannelPair();
let report;
if (mode === 'tiny') {
  const left = framed(pair.local);
  const right = framed(pair.remote);
  // Warm up: one round trip of messages, read, so that both sides' one-time memory is paid.
  const warm = right[Symbol.asyncIterator]();
  for (let i = 0; i < 1000; i++) left.send(new Uint8Array(0));
  for (let i = 0; i < 1000; i++) await warm.next();
  // Count the messages that reach the receiver on the wire (nobody reads them: all are held).
  let held = 0;
  pair.remote.messages$.subscribe((packet) => {
    if (typeof packet === 'string' || packet[1] !== 1) return;
    for (let offset = 10; offset < packet.byteLength; offset += 5 + packet.readUInt32BE(offset + 1))
      held++;
  });
  const before = memory();
  const empty = new Uint8Array(0);
  function* flood() {
    for (let i = 0; i < 2_000_000; i++) yield empty;
  }
  const sending = sendFrom(left, flood()).subscribe({ error: () => {} });
  // The sender stops when its credit is spent: the held count then stays put (3 s, so that a
  // busy machine's pause is not taken for the stop).
  await steady(() => held, 30);
  const after = memory();
  report = {
    held,
    window: right.window,
    heapGrowthMiB: (after.heapUsed - before.heapUsed) / MiB,
    rssGrowthMiB: (after.rss - before.rss) / MiB,
  };
  sending.unsubscribe();
} else if (mode === 'fragment') {
  const right = framed(pair.remote);
  const iterator = right[Symbol.asyncIterator]();
  const pending = iterator.next().catch(() => undefined);
  const before = memory();
  // version 3, kind 2 (first fragment), sequence 0, checksum, flags 0, total 64 MiB, one byte.
  const first = Buffer.from([3, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0, 0, 0, 7]);
  first.writeUInt32BE(crc32(first.subarray(10), crc32(first.subarray(0, 6))), 6);
  // The framed channel subscribed first, so it has decoded the packet when this one sees it.
  const arrived = firstValueFrom(pair.remote.messages$);
  pair.local.send(first);
  await arrived;
  const after = memory();
  report = {
    arrayBuffersGrowthMiB: (after.arrayBuffers - before.arrayBuffers) / MiB,
    rssGrowthMiB: (after.rss - before.rss) / MiB,
  };
  pair.local.close();
  await pending;
} else {
  throw new Error(`unknown mode ${mode}`);
}
pair.local.close();
pair.remote.close();
await shutdown();
console.log(JSON.stringify(report));
