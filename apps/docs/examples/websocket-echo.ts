// A WebSocket server and a client from @rxdc/core, both channels like a data channel.
// #region example

import { shutdown, WebSocket, WebSocketServer } from '@rxdc/core';
import { firstValueFrom, take, toArray } from 'rxjs';

// Port 0 picks a free port; read the real one back from `port`.
const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
server.clients$.subscribe((socket) => {
  console.log('server accepted', socket.path);
  socket.messages$.subscribe((message) => socket.send(message)); // echo
});

const client = new WebSocket();
client.open(`ws://127.0.0.1:${server.port}/chat?room=1`);
await firstValueFrom(client.open$);

const echoes = firstValueFrom(client.messages$.pipe(take(2), toArray()));
client.send('ping');
client.send(new Uint8Array([0xde, 0xad]));
console.log('client received', await echoes);

client.close();
server.stop();
await shutdown();
console.log('done');
// #endregion example
