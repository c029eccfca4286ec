// Child of load.test.ts (run with --expose-gc): opens and closes connections one after
// another, then prints RSS growth after the warm-up, and what is left alive.
import { liveObjects } from '@rxdc/core';
import WebSocket from 'ws';
import { echoServer } from './echo-server.mjs';

const total = Number(process.argv[2] ?? 20_000);
const warmUp = Math.min(2000, total / 10);
const { server, port, counts } = echoServer();

function openClose(i) {
  return new Promise((resolve, reject) => {
    const c = new WebSocket(`ws://127.0.0.1:${port}/ws/echo`);
    c.once('open', () => {
      c.send(`message ${i}`);
      c.once('message', () => c.close());
    });
    c.once('close', resolve);
    c.once('error', reject);
  });
}

const settle = async () => {
  // Let closes reach the server, then collect.
  const deadline = Date.now() + 5000;
  while (server.clientCount > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (let i = 0; i < warmUp; i++) await openClose(i);
await settle();
const before = process.memoryUsage().rss;
for (let i = warmUp; i < total; i++) await openClose(i);
await settle();
const after = process.memoryUsage().rss;
const result = {
  connections: counts.handedOver,
  rssGrowthMiB: Math.round(((after - before) / 1024 / 1024) * 10) / 10,
  clientsLeft: server.clientCount,
  transceiversLeft: server.transceivers.length,
  liveObjects: liveObjects().length,
};
await server.stop();
console.log(JSON.stringify(result));
