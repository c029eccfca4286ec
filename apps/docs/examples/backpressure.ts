// Sending 32 MiB from a pull source (an async generator) over a data channel whose buffer never
// holds more than the high-water mark: the generator is read only as fast as the channel drains.
// #region example

import { shutdown } from '@rxdc/core';
import { localChannelPair, sendFrom } from '@rxdc/rx';
import { lastValueFrom, tap } from 'rxjs';

const chunk = 64 * 1024;
const total = 32 * 1024 * 1024;

// Any pull source works: async iterables, Node Readable streams, web ReadableStreams.
async function* file(): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < total; sent += chunk) yield new Uint8Array(chunk).fill(sent / chunk);
}

// Two local peers and an open channel, in one call (loopback only).
const pair = await localChannelPair({ label: 'file' });

let received = 0;
pair.remote.messages$.subscribe((message) => {
  received += typeof message === 'string' ? Buffer.byteLength(message) : message.byteLength;
});

let highest = 0;
const last = await lastValueFrom(
  sendFrom(pair.local, file(), { highWaterMark: 1024 * 1024 }).pipe(
    tap(({ bufferedBytes }) => {
      highest = Math.max(highest, bufferedBytes);
    }),
  ),
);
console.log(`sent ${last.sentBytes} bytes in ${last.sentMessages} messages, done: ${last.done}`);
console.log(
  `the channel never buffered more than ${highest <= 1024 * 1024 ? '1 MiB' : `${highest} bytes`}`,
);

// Everything sent has left the sender's buffer; wait for the last bytes to land.
while (received < total) await new Promise((resolve) => setTimeout(resolve, 10));
console.log(`received ${received} bytes`);

pair.close();
await shutdown();
// #endregion example
