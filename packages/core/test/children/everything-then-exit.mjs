// Opens peers, channels, a WebSocketServer and clients, echoes 20,000 WebSocket messages, then
// either calls shutdown() (argv[2] === 'shutdown') or closes everything by hand, and returns:
// the process must then exit by itself.
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { shutdown, WebSocket, WebSocketServer } from '../../dist/index.js';
import { openChannelPair } from './wire.mjs';

const mode = process.argv[2];
const { a, b, local, remote } = await openChannelPair();
const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
server.clients$.subscribe((socket) => socket.messages$.subscribe((m) => socket.send(m)));
const clients = [new WebSocket(), new WebSocket()];
for (const client of clients) client.open(`ws://127.0.0.1:${server.port}/echo`);
await Promise.all(clients.map((c) => firstValueFrom(c.open$)));

const perClient = 10_000;
const payload = 'x'.repeat(1024);
await Promise.all(
  clients.map(async (client) => {
    const echoed = lastValueFrom(client.messages$.pipe(take(perClient), toArray()));
    for (let i = 0; i < perClient; i++) client.send(payload);
    const all = await echoed;
    if (all.length !== perClient) throw new Error('lost echoes');
  }),
);
const reply = firstValueFrom(remote.messages$);
local.send('done');
await reply;

if (mode === 'shutdown') {
  await shutdown();
} else {
  for (const client of clients) client.close();
  server.stop();
  a.close();
  b.close();
}
console.log('finished');
