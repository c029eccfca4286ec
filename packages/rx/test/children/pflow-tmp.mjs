import { shutdown } from '@rxdc/core';
import { lastValueFrom } from 'rxjs';
import { framed, localChannelPair, sendFrom } from '../../dist/index.js';

const MiB = 1024 * 1024;
const win = Number(process.argv[2] ?? 4);
for (let round = 0; round < 3; round++) {
  const pair = await localChannelPair();
  const left = framed(pair.local);
  const right = framed(pair.remote, { window: win * MiB });
  const chunk = Buffer.alloc(64 * 1024, 7);
  const total = 64 * MiB;
  function* chunks() {
    for (let i = 0; i < total / chunk.length; i++) yield chunk;
  }
  const start = performance.now();
  const read = (async () => {
    let b = 0;
    for await (const m of right) {
      b += m.byteLength;
      if (b >= total) return;
    }
  })();
  await Promise.all([lastValueFrom(sendFrom(left, chunks())), read]);
  console.log(
    'window',
    win,
    (64 / ((performance.now() - start) / 1000)).toFixed(1),
    'MiB/s',
    'credit stalls',
    globalThis.__c,
    'room',
    globalThis.__r,
  );
  globalThis.__c = 0;
  globalThis.__r = 0;
  pair.close();
  await new Promise((r) => setTimeout(r, 300));
}
await shutdown();
process.exit(0);
