// The browser demo: one http server on 127.0.0.1 serves the page and, with @rxdc/ws-server
// attached to it, the signaling WebSocket; each browser gets a WebRtcTransceiver and node
// chats back over the data channel.
// Run from the repository root: pnpm demo:browser   (Ctrl-C stops everything cleanly)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
// Relative imports of the built packages: examples/ is not a workspace package.
import { shutdown } from '../../packages/core/dist/index.js';
import { WebRtcTransceiver, WsServer } from '../../packages/ws-server/dist/index.js';

const here = new URL('.', import.meta.url);
const server = new WsServer();
// One transceiver per browser, created when it connects (use case 1 of the specification).
server.addPath('/ws/chat');
server.addClientListener((path) => {
  const transceiver = new WebRtcTransceiver({
    peerConnection: { bindAddress: '127.0.0.1' },
    dataChannelLabel: 'chat',
  });
  transceiver.addClientListener((state) => {
    if (state === 0) {
      server.removeTransceiver(transceiver);
      transceiver.close();
      console.log('a browser left');
    }
  });
  transceiver.dataChannel$.subscribe((channel) => {
    channel.open$.subscribe(() => channel.send('hello from node! say something.'));
    channel.messages$.subscribe({
      next: (message) => {
        console.log(`browser says: ${message}`);
        try {
          channel.send(`node heard "${message}" (${String(message).length} characters)`);
        } catch {}
      },
      error: () => {},
    });
  });
  server.addTransceiver(transceiver, { path });
  console.log(`a browser connected on ${path}`);
});
const files = {
  '/': ['index.html', 'text/html'],
  '/index.html': ['index.html', 'text/html'],
  '/chat.js': ['chat.js', 'text/javascript'],
  // The browser client of @rxdc/ws-server: one ES module, imported by chat.js as is.
  '/browser-client.js': ['../../packages/ws-server/dist/browser-client.js', 'text/javascript'],
};
const http = createServer(async (request, response) => {
  const file = files[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
  if (!file) return void response.writeHead(404).end('not found');
  response
    .writeHead(200, { 'content-type': `${file[1]}; charset=utf-8` })
    .end(await readFile(new URL(file[0], here)));
});
server.attach(http);
http.listen(0, '127.0.0.1', () => {
  console.log(`open http://127.0.0.1:${http.address().port}/ in a browser (Ctrl-C to stop)`);
});

process.once('SIGINT', async () => {
  console.log('\nstopping');
  await server.stop();
  http.closeAllConnections();
  http.close();
  await shutdown();
});
