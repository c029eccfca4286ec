// An express app and the signaling server on one port: WsServer.attach() takes the WebSocket
// upgrades of the app's HTTP server, and express keeps answering its ordinary requests.
// #region example
import { shutdown } from '@rxdc/core';
import { ConnectionState, WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { connectToTransceiver } from '@rxdc/ws-server/client';
import express from 'express';
import { firstValueFrom, switchMap } from 'rxjs';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

const app = express();
app.get('/hello', (_request, response) => {
  response.send('hello from express');
});
const http = app.listen(0, '127.0.0.1');

const signaling = new WsServer();
signaling.addPath('/ws/echo');
signaling.addClientListener((path) => {
  const transceiver = new WebRtcTransceiver({ peerConnection: loopback });
  transceiver.dataChannel$.subscribe((channel) =>
    channel.messages$.subscribe((message) => channel.send(`echo: ${message}`)),
  );
  // Off the server once its client has left: one per client, not one per client ever served.
  transceiver.addClientListener((state) => {
    if (state !== ConnectionState.CLOSED) return;
    signaling.removeTransceiver(transceiver);
    transceiver.close();
  });
  signaling.addTransceiver(transceiver, { path });
});
signaling.attach(http, { maxConnectionsPerAddress: 32 });
await new Promise((resolve) => http.once('listening', resolve));
const { port } = signaling.state;

// An ordinary GET and a WebRTC client, on the same port.
const page = await fetch(`http://127.0.0.1:${port}/hello`);
console.log('GET /hello:', page.status, await page.text());
const reply = await firstValueFrom(
  connectToTransceiver(`ws://127.0.0.1:${port}/ws/echo`, { peer: loopback }).pipe(
    switchMap(({ channel }) => {
      channel.send('over the same port');
      return channel.messages$;
    }),
  ),
);
console.log('data channel:', reply);

await signaling.stop(); // closes the signaling clients; the express server keeps running
const still = await fetch(`http://127.0.0.1:${port}/hello`);
console.log('after stop, GET /hello:', still.status);
http.closeAllConnections();
http.close();
await shutdown();
console.log('done');
// #endregion example
