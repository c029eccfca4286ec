// Sends 200 MiB from a fast cold source (a generator that makes each 64 KiB chunk on demand)
// to a second peer in this process through sendFrom, hashing what arrives, and reports the
// resident memory it saw. Run by bulk-memory.test.ts; prints one JSON line.
import { createHash } from 'node:crypto';
import { shutdown } from '@rxdc/core';
import { lastValueFrom } from 'rxjs';
import { localChannelPair, sendFrom } from '../../dist/index.js';

const CHUNK = 64 * 1024;
const TOTAL = 200 * 1024 * 1024;
const chunkAt = (i) => {
  const chunk = Buffer.allocUnsafe(CHUNK);
  chunk.fill(i & 0xff);
  chunk.writeUInt32LE(i, 0);
  return chunk;
};
function* source() {
  for (let i = 0; i < TOTAL / CHUNK; i++) yield chunkAt(i);
}

const pair = await localChannelPair();
globalThis.gc?.();
const start = process.memoryUsage().rss;
let peak = start;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

const sentHash = createHash('sha256');
const receivedHash = createHash('sha256');
for (let i = 0; i < TOTAL / CHUNK; i++) sentHash.update(chunkAt(i));
globalThis.gc?.();

let received = 0;
const arrived = new Promise((resolve) => {
  pair.remote.messages$.subscribe((message) => {
    receivedHash.update(message);
    received += message.byteLength;
    if (received >= TOTAL) resolve();
  });
});
const began = Date.now();
await lastValueFrom(sendFrom(pair.local, source()));
await arrived;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const seconds = (Date.now() - began) / 1000;
pair.close();
await shutdown();
console.log(
  JSON.stringify({
    received,
    intact: sentHash.digest('hex') === receivedHash.digest('hex'),
    startMiB: start / 2 ** 20,
    peakMiB: peak / 2 ** 20,
    growthMiB: (peak - start) / 2 ** 20,
    mibPerSecond: TOTAL / 2 ** 20 / seconds,
  }),
);
process.exit(0);
