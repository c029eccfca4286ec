// The browser demo: a @rxdc/ws-server on 127.0.0.1 hands each browser to a WebRtcTransceiver;
// the page is served over http on 127.0.0.1; node chats back over the data channel.
// Run from the repository root: pnpm demo:browser   (Ctrl-C stops everything cleanly)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
// Relative imports of the built packages: examples/ is not a workspace package.
import { shutdown } from '../../packages/core/dist/index.js';
import { WebRtcTransceiver, WsServer } from '../../packages/ws-server/dist/index.js';

const here = new URL('.', import.meta.url);
const server = new WsServer();
// One transceiver per browser, created when it connects (use case 1 of the specification).
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
const { port: wsPort } = server.listen(0, { bindAddress: '127.0.0.1' });

const files = {
  '/': ['index.html', 'text/html'],
  '/index.html': ['index.html', 'text/html'],
  '/chat.js': ['chat.js', 'text/javascript'],
};
const http = createServer(async (request, response) => {
  const file = files[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
  if (!file) return void response.writeHead(404).end('not found');
  response
    .writeHead(200, { 'content-type': `${file[1]}; charset=utf-8` })
    .end(await readFile(new URL(file[0], here)));
});
http.listen(0, '127.0.0.1', () => {
  console.log(
    `open http://127.0.0.1:${http.address().port}/?wsPort=${wsPort} in a browser (Ctrl-C to stop)`,
  );
});

process.once('SIGINT', async () => {
  console.log('\nstopping');
  server.stop();
  http.closeAllConnections();
  http.close();
  await shutdown();
});
