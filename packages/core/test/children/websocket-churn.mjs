// N WebSocket connections opened and closed one after another against one core WebSocketServer
// (run with --expose-gc). Prints { count, growthMiB, live, unconfirmed } on its last line: RSS
// growth after gc() and a settle, from after a warm-up to after the last connection.
// Run by the test with MALLOC_ARENA_MAX=2 (glibc otherwise keeps one malloc arena per native
// thread, and freed memory in them shows as RSS) and --max-semi-space-size=1 (V8's young
// generation otherwise grows to tens of MiB under this allocation rate and stays as RSS).
import { firstValueFrom, map, race, timer } from 'rxjs';
import { liveObjects, shutdown, WebSocket, WebSocketServer } from '../../dist/index.js';

const count = Number(process.argv[2] ?? 20_000);
const clientTimeoutMs = Number(process.env.CLIENT_TIMEOUT_MS ?? 1000);
const MiB = 1024 * 1024;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
let served = 0;
server.clients$.subscribe((socket) => {
  served++;
  socket.messages$.subscribe({ error: () => {} });
});
const url = `ws://127.0.0.1:${server.port}/churn`;

let unconfirmed = 0;
async function cycle() {
  // A connection's native object lives until its connection-timeout task has run (the task
  // holds a weak reference to it): a short client timeout keeps that window small.
  const socket = new WebSocket({ connectionTimeout: clientTimeoutMs });
  socket.error$.subscribe(() => {});
  const opened = firstValueFrom(socket.open$, { defaultValue: undefined }).catch(() => {});
  socket.open(url);
  await opened;
  socket.close();
  // A close libdatachannel never confirms is settled by core's own rules; do not wait forever.
  const confirmed = await firstValueFrom(
    race(
      socket.whenReleased().then(() => true),
      timer(2000).pipe(map(() => false)),
    ),
  );
  if (!confirmed) unconfirmed++;
}

async function settledRss() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await sleep(200);
  }
  return process.memoryUsage().rss / MiB;
}

// Warm up with 10,000 connections first: glibc's arenas and V8's heap reach their plateau
// (measured: +15-22 MiB over the first 5,000-10,000 connections, flat after), so what is
// measured next is what each connection leaves behind.
const warmUp = Number(process.env.WARM_UP ?? 10_000);
for (let i = 0; i < warmUp; i++) await cycle();
await sleep(6000);
const before = await settledRss();
for (let i = 1; i <= count; i++) {
  await cycle();
  if (i % 2500 === 0) {
    const rss = await settledRss();
    const { heapTotal, external, arrayBuffers } = process.memoryUsage();
    console.error(
      `after ${i}: RSS +${(rss - before).toFixed(1)} MiB (heap total ${(heapTotal / MiB).toFixed(1)}, external ${(external / MiB).toFixed(1)}, arrayBuffers ${(arrayBuffers / MiB).toFixed(1)} MiB)`,
    );
  }
}
// The server keeps accepted sockets only until they close: wait until it has let go of them,
// and past the server's 5 s handshake timeout, whose pending tasks keep the last objects.
for (let i = 0; i < 50 && liveObjects().length > 1; i++) await sleep(100);
await sleep(6000);
const after = await settledRss();
const live = liveObjects().filter((object) => object.kind !== 'WebSocketServer');
console.log(
  JSON.stringify({
    count,
    served,
    growthMiB: Number((after - before).toFixed(1)),
    live,
    unconfirmed,
  }),
);
server.stop();
// A client whose close libdatachannel lost keeps node-datachannel's close callback alive (see
// @rxdc/native's lostWebSocketCloseMs): shutdown() releases it; exit explicitly either way.
await Promise.race([shutdown(), sleep(15_000)]);
process.exit(0);
