// Child of load.test.ts: 1,000 `ws` clients open at the same moment; prints how many opened,
// how many listener calls and hand-overs the server made, and how long it took.
import WebSocket from 'ws';
import { echoServer } from './echo-server.mjs';

const count = Number(process.argv[2] ?? 1000);
const { server, port, counts } = echoServer({ maxConnectionsPerAddress: count + 10 });
const began = performance.now();
const clients = Array.from(
  { length: count },
  () => new WebSocket(`ws://127.0.0.1:${port}/ws/echo`),
);
const outcomes = await Promise.all(
  clients.map(
    (c) =>
      new Promise((resolve) => {
        c.once('open', () => resolve('open'));
        c.once('error', (error) => resolve(String(error.message)));
      }),
  ),
);
// Each open client is handed over before its handshake answer leaves the server.
const ms = performance.now() - began;
const opened = outcomes.filter((o) => o === 'open').length;
const failures = [...new Set(outcomes.filter((o) => o !== 'open'))];
const result = { opened, ...counts, ms: Math.round(ms), failures };
for (const c of clients) c.terminate();
await server.stop();
result.clientsAfterStop = server.clientCount;
console.log(JSON.stringify(result));
