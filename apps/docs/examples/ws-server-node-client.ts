// A WsServer whose WebRtcTransceiver gives each client a peer and a data channel, and a node
// client that reaches it through @rxdc/ws-server/client: node to node through the server.
// #region example
import { shutdown } from '@rxdc/core';
import { ConnectionState, WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { connectToTransceiver } from '@rxdc/ws-server/client';
import { firstValueFrom, switchMap, take, toArray } from 'rxjs';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

const server = new WsServer();
server.addPath('/ws/echo');

// One transceiver per client, created on demand (listeners run before a transceiver is
// chosen), and taken off the server once its client has left, so none piles up.
server.addClientListener((path) => {
  console.log('client connecting on', path);
  const transceiver = new WebRtcTransceiver({ peerConnection: loopback, dataChannelLabel: 'echo' });
  transceiver.dataChannel$.subscribe((channel) => {
    channel.messages$.subscribe((message) => channel.send(`echo: ${message}`));
  });
  transceiver.addClientListener((state) => {
    const name = Object.entries(ConnectionState).find(([, value]) => value === state)?.[0];
    console.log('transceiver is', name);
    if (state !== ConnectionState.CLOSED) return;
    server.removeTransceiver(transceiver);
    transceiver.close();
  });
  server.addTransceiver(transceiver, { path });
});

const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
console.log('listening on', port);

// The client: a WebSocket for signaling, then a peer and the channel the server opened.
const replies = await firstValueFrom(
  connectToTransceiver(`ws://127.0.0.1:${port}/ws/echo`, { peer: loopback }).pipe(
    switchMap(({ channel }) => {
      channel.send('one');
      channel.send('two');
      return channel.messages$;
    }),
    take(2),
    toArray(),
  ),
);
console.log('client received', replies);

await server.stop(); // disconnects every transceiver (their listeners hear CLOSED), closes clients with 1001
await shutdown();
console.log('done');
// #endregion example
