// Serves a page and a signaling server on 127.0.0.1; each browser that opens the page gets a
// node peer (a WebRtcTransceiver) and chats with it over a data channel. Stop with Ctrl+C.
// #region example
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { shutdown } from '@rxdc/core';
import { ConnectionState, WebRtcTransceiver, WsServer } from '@rxdc/ws-server';

const signaling = new WsServer();
signaling.addPath('/ws/chat');

// A transceiver per browser, made when it connects (listeners run before one is chosen) and
// taken off the server once that browser has left, so none piles up.
signaling.addClientListener((path) => {
  const transceiver = new WebRtcTransceiver({
    peerConnection: { iceServers: [], bindAddress: '127.0.0.1' },
    dataChannelLabel: 'chat',
  });
  transceiver.dataChannel$.subscribe((channel) => {
    channel.messages$.subscribe((message) => {
      console.log('browser says:', message);
      channel.send(`node heard: ${message}`);
    });
  });
  transceiver.addClientListener((state) => {
    if (state !== ConnectionState.CLOSED) return;
    signaling.removeTransceiver(transceiver);
    transceiver.close();
  });
  signaling.addTransceiver(transceiver, { path });
});
const { port: wsPort } = signaling.listen(0, { bindAddress: '127.0.0.1' });

// The page is plain HTML and JavaScript (examples/browser/index.html). It imports
// @rxdc/ws-server's browser client, one plain ES module, served beside it.
const page = await readFile(new URL('./browser/index.html', import.meta.url));
const browserClient = await readFile(
  createRequire(import.meta.url).resolve('@rxdc/ws-server/browser-client'),
);
const http = createServer((request, response) => {
  if (request.url === '/browser-client.js') {
    return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(browserClient);
  }
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
});
http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as AddressInfo;
  console.log(`open http://127.0.0.1:${port}/?ws=${wsPort}`);
});

process.once('SIGINT', () => {
  http.closeAllConnections();
  http.close();
  signaling.stop();
  void shutdown().then(() => console.log('stopped'));
});
// #endregion example
