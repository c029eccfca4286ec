// Each scenario ends with every object closed by one side or the other, without shutdown():
// the process must then exit by itself.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { WebSocket, WebSocketServer } from '../../dist/index.js';
import { openChannelPair } from './wire.mjs';

const scenarios = {
  // Only one side closes; the other peer and its channel are closed by the remote side.
  async remotePeerClose() {
    const { a, b, remote } = await openChannelPair();
    remote.messages$.subscribe(() => {});
    a.close();
    await lastValueFrom(b.state$);
    await lastValueFrom(remote.closed$);
  },
  // The server closes each connection as soon as it is accepted.
  async serverClosesClient() {
    const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
    server.clients$.subscribe((socket) => socket.close());
    const client = new WebSocket();
    client.messages$.subscribe(() => {});
    client.open(`ws://127.0.0.1:${server.port}/`);
    await lastValueFrom(client.closed$);
    server.stop();
  },
  // The client closes right after opening; the server never touches the socket.
  async clientClosesFirst() {
    const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
    const accepted = firstValueFrom(server.clients$);
    const client = new WebSocket();
    client.open(`ws://127.0.0.1:${server.port}/`);
    await firstValueFrom(client.open$);
    client.close();
    await lastValueFrom((await accepted).closed$);
    server.stop();
  },
  // A client closed while its connection is still being set up.
  async closeWhileConnecting() {
    const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
    const client = new WebSocket();
    client.open(`ws://127.0.0.1:${server.port}/`);
    client.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.stop();
  },
  // A data channel closed before it opened, then its peers.
  async channelClosedBeforeOpen() {
    const { a, b } = await openChannelPair();
    const early = a.createDataChannel('early');
    early.close();
    a.close();
    b.close();
  },
};

await scenarios[process.argv[2]]();
console.log('finished');
