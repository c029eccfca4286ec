// 500 create-connect-close cycles in one process (run with --expose-gc): afterwards no native
// object may be alive and the heap may not have grown by 10 MB or more.
import { lastValueFrom } from 'rxjs';
import { liveObjects } from '../../dist/index.js';
import { tryOpenChannelPair } from './wire.mjs';

const cycles = Number(process.argv[2] ?? 500);
let failedOpens = 0;
let stage = 'start';
let stageSince = performance.now();
let current;
const enter = (name) => {
  stage = name;
  stageSince = performance.now();
};
// A cycle stuck for 20 s is a hang: say where, with every state, then fail.
setInterval(() => {
  if (performance.now() - stageSince < 20_000) return;
  const states = current
    ? {
        a: current.a.state,
        b: current.b.state,
        localOpen: current.local?.isOpen,
        localClosed: current.local?.isClosed,
        remoteOpen: current.remote?.isOpen,
        remoteClosed: current.remote?.isClosed,
      }
    : {};
  console.error(
    `stuck in "${stage}" for 20 s`,
    JSON.stringify(states),
    JSON.stringify(liveObjects()),
  );
  process.exit(3);
}, 1000).unref();

async function cycle() {
  enter('open');
  const pair = await tryOpenChannelPair();
  if (!pair) {
    failedOpens++;
    return;
  }
  current = pair;
  const { a, b, local, remote } = pair;
  enter('ping');
  local.send('ping');
  await new Promise((resolve) => remote.messages$.subscribe(resolve));
  enter('close');
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
