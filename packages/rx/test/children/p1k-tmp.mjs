import { shutdown } from '@rxdc/core';
import { framed, localChannelPair } from '../../dist/index.js';

const MiB = 1024 * 1024;
const pair = await localChannelPair({ peer: { mtu: 4096 } });
const left = framed(pair.local);
const right = framed(pair.remote);
const payload = Buffer.alloc(1024, 7);
for (let round = 0; round < 3; round++) {
  const count = 60000;
  const start = performance.now();
  const rate = await new Promise((resolve) => {
    let received = 0;
    const sub = right.messages$.subscribe(() => {
      if (++received === count) {
        sub.unsubscribe();
        resolve(count / ((performance.now() - start) / 1000));
      }
    });
    let sent = 0;
    const produce = () => {
      while (sent < count && left.queuedBytes < 2 * MiB) {
        left.send(payload);
        sent++;
      }
      if (sent < count) setTimeout(produce, 1);
    };
    produce();
  });
  console.log(rate.toFixed(0), 'msg/s');
}
pair.close();
await new Promise((r) => setTimeout(r, 300));
await shutdown();
process.exit(0);
