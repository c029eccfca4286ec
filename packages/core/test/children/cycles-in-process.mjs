// 500 create-connect-close cycles in one process (run with --expose-gc): afterwards no native
// object may be alive and the heap may not have grown by 10 MB or more.
import { lastValueFrom } from 'rxjs';
import { liveObjects } from '../../dist/index.js';
import { tryOpenChannelPair } from './wire.mjs';

const cycles = Number(process.argv[2] ?? 500);
let failedOpens = 0;
async function cycle() {
  const pair = await tryOpenChannelPair();
  if (!pair) {
    failedOpens++;
    return;
  }
  const { a, b, local, remote } = pair;
  local.send('ping');
  await new Promise((resolve) => remote.messages$.subscribe(resolve));
  a.close();
  b.close();
  await Promise.all(
    [a.state$, b.state$, local.closed$, remote.closed$].map((s) => lastValueFrom(s)),
  );
}
const settle = async () => {
  while (liveObjects().length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
for (let i = 0; i < 20; i++) await cycle(); // warm up: code caches, native pools
await settle();
const before = process.memoryUsage().heapUsed;
for (let i = 0; i < cycles; i++) await cycle();
await settle();
const after = process.memoryUsage().heapUsed;
console.log(
  JSON.stringify({
    cycles,
    failedOpens,
    live: liveObjects().length,
    heapGrowthBytes: after - before,
  }),
);
