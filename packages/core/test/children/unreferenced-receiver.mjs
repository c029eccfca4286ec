// A receiving channel that this program keeps no reference to must keep working through a
// 100 MiB transfer while garbage collection is forced again and again (run with --expose-gc).
// Raw node-datachannel closes such a channel after 10 to 36 MiB.
import { createHash } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { openChannelPair } from './wire.mjs';

const total = 100 * 1024 * 1024;
const chunk = 64 * 1024;
const { a, b, local } = await openChannelPair();
// The remote channel is subscribed inside dataChannel$'s callback and never stored anywhere.
let firstBad;
const received = new Promise((resolve, reject) => {
  let bytes = 0;
  const hash = createHash('sha256');
  // openChannelPair already took the first channel; this takes the remote end of 'bulk'.
  b.dataChannel$.subscribe((channel) => {
    let index = 0;
    channel.messages$.subscribe({
      next: (message) => {
        // Chunk i is 64 KiB of the byte i & 0xff: name the first one that is not.
        if (
          firstBad === undefined &&
          (message.length !== chunk ||
            message[0] !== (index & 0xff) ||
            message[chunk - 1] !== (index & 0xff))
        ) {
          firstBad = {
            index,
            label: channel.label,
            length: message.length,
            first: message[0],
            expected: index & 0xff,
          };
        }
        index++;
        hash.update(message);
        bytes += message.length;
        if (bytes === total) resolve(hash.digest('hex'));
      },
      complete: () => reject(new Error(`channel closed after ${bytes} bytes`)),
      error: reject,
    });
  });
});
const sender = a.createDataChannel('bulk');
await firstValueFrom(sender.open$);
local.close();

const sent = createHash('sha256');
sender.bufferedAmountLowThreshold = 1024 * 1024;
let offset = 0;
const gcTimer = setInterval(() => globalThis.gc(), 20);
await new Promise((resolve) => {
  const pump = () => {
    while (offset < total && sender.bufferedAmount < 4 * 1024 * 1024) {
      const data = Buffer.alloc(chunk, (offset / chunk) & 0xff);
      sent.update(data);
      sender.send(data);
      offset += chunk;
    }
    if (offset >= total) resolve();
  };
  sender.bufferedAmountLow$.subscribe(pump);
  pump();
});
const digest = await received;
clearInterval(gcTimer);
if (firstBad) console.error('first unexpected message:', JSON.stringify(firstBad));
console.log(JSON.stringify({ intact: digest === sent.digest('hex'), bytes: total }));
a.close();
b.close();
