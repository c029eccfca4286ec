// Serves a page that imports @rxdc/rx/browser without a bundler, and a signaling server; node
// sends 16 MiB through a framed channel to the page's slow reader, which sets the pace. Stop
// with Ctrl+C.
// #region example
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { shutdown } from '@rxdc/core';
import { framed, sendFrom } from '@rxdc/rx';
import { ConnectionState, WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { lastValueFrom } from 'rxjs';

const signaling = new WsServer();
signaling.addPath('/ws/files');
signaling.addClientListener((path) => {
  const transceiver = new WebRtcTransceiver({
    peerConnection: { iceServers: [], bindAddress: '127.0.0.1' },
    dataChannelLabel: 'files',
  });
  transceiver.dataChannel$.subscribe(async (channel) => {
    const files = framed(channel); // the page calls framed() from @rxdc/rx/browser on its end
    function* chunks() {
      for (let i = 0; i < 256; i++) yield new Uint8Array(64 * 1024).fill(i);
    }
    const sent = await lastValueFrom(sendFrom(files, chunks()));
    files.send('end');
    console.log(`node: handed over ${sent.sentBytes} bytes, at the page's pace`);
    for await (const message of files) console.log('page says:', message);
  });
  // Off the server once its page has left: one transceiver per page, not per page ever served.
  transceiver.addClientListener((state) => {
    if (state !== ConnectionState.CLOSED) return;
    signaling.removeTransceiver(transceiver);
    transceiver.close();
  });
  signaling.addTransceiver(transceiver, { path });
});
const { port: wsPort } = signaling.listen(0, { bindAddress: '127.0.0.1' });

// The page; the browser module with the chunk it imports, from @rxdc/rx's dist folder; and
// @rxdc/ws-server's browser client, which does the page's signaling.
const page = await readFile(new URL('./browser/framed.html', import.meta.url));
const resolve = createRequire(import.meta.url).resolve;
const rxDist = dirname(resolve('@rxdc/rx/browser'));
const browserClient = await readFile(resolve('@rxdc/ws-server/browser-client'));
const http = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/browser-client.js') {
    return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(browserClient);
  }
  if (url.pathname.startsWith('/rx/') && /^[\w.-]+\.js$/.test(basename(url.pathname))) {
    const file = await readFile(join(rxDist, basename(url.pathname))).catch(() => undefined);
    if (file) return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(file);
    return void response.writeHead(404).end();
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
