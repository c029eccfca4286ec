// End-to-end flow control: a framed channel's receiver grants the sender credit as its reader
// takes messages, so a slow reader slows the sender, and neither side's memory grows.
// #region example

import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { shutdown } from '@rxdc/core';
import { framed, localChannelPair, sendFrom } from '@rxdc/rx';
import { lastValueFrom, tap, timer } from 'rxjs';

const MiB = 1024 * 1024;
const pair = await localChannelPair({ label: 'flow' });
const left = framed(pair.local);
const right = framed(pair.remote, { window: 1 * MiB }); // the smallest window (default 4 MiB)

function* chunks(count: number): Generator<Uint8Array> {
  for (let i = 0; i < count; i++) yield new Uint8Array(64 * 1024).fill(i);
}

// 1. Nobody reads yet: the sender stops once it has used the credit the receiver granted.
let handedOver = 0;
const sending = lastValueFrom(
  sendFrom(left, chunks(160)).pipe(tap(({ sentBytes }) => (handedOver = sentBytes))),
);
await lastValueFrom(timer(300));
// The window, plus the framed channel's own send queue (sendFrom's 1 MiB high-water mark).
console.log(`nobody reading: the sender stopped within 3 MiB of 10: ${handedOver <= 3 * MiB}`);

// 2. A pull reader takes messages at its own pace; each one it takes gives credit back.
let received = 0;
for await (const message of right) {
  received += Buffer.byteLength(message);
  await lastValueFrom(timer(1)); // a slow reader: 1 ms per 64 KiB
  if (received === 10 * MiB) break;
}
await sending;
console.log(`for await read ${received} bytes, then the sender completed`);

// 3. Node streams: stream.pipeline from a Readable, over the channel, into a slow Writable.
let piped = 0;
const slowSink = new Writable({
  objectMode: true,
  write(message: Uint8Array, _encoding, done) {
    piped += message.byteLength;
    setTimeout(done, 1);
  },
});
const receiving = pipeline(right.duplex(), slowSink); // ends when the channel closes
await pipeline(Readable.from(chunks(64)), left.duplex()); // resolves once everything has left
pair.local.close();
await receiving;
console.log(`pipeline carried ${piped} bytes`);

pair.close();
await shutdown();
// #endregion example
