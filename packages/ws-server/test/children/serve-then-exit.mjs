// Child of process-exit.test.ts: serves `ws` echo clients and a WebRTC client through
// @rxdc/ws-server (the built package), stops, closes everything, and must then exit by itself:
// no process.exit() and no shutdown() anywhere. Prints one JSON line of what it did.
import { firstValueFrom, timeout } from 'rxjs';
import WebSocket from 'ws';
import { connectToTransceiver } from '../../dist/client.js';
import { WebRtcTransceiver } from '../../dist/index.js';
import { echoServer } from './echo-server.mjs';

const tls = process.argv.includes('--tls');
const { server, port } = echoServer({ tls });
const scheme = tls ? 'wss' : 'ws';
const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
transceiver.dataChannel$.subscribe((channel) =>
  channel.messages$.subscribe({
    next: (m) => {
      try {
        channel.send(m);
      } catch {}
    },
    error: () => {},
  }),
);
server.addTransceiver(transceiver, { path: '/ws' });

// Twenty echo clients; one vanishes mid-message, one is left open for stop() to close.
const open = () =>
  new Promise((resolve, reject) => {
    const c = new WebSocket(`${scheme}://127.0.0.1:${port}/ws/echo`, { rejectUnauthorized: false });
    c.once('open', () => resolve(c));
    c.once('error', reject);
  });
const clients = await Promise.all(Array.from({ length: 20 }, open));
const echoes = await Promise.all(
  clients.map(
    (c, i) =>
      new Promise((resolve) => {
        c.once('message', (data) => resolve(String(data) === `hello ${i}`));
        c.send(`hello ${i}`);
      }),
  ),
);
clients[0].send(Buffer.alloc(100_000, 1));
clients[0].terminate();

// A WebRTC client: whether its DTLS handshake comes up (it now and then fails on loopback,
// see node-datachannel-facts.md) the process must exit either way.
const webrtc = await new Promise((resolve) => {
  // The connection lives as long as this subscription.
  const subscription = connectToTransceiver(`${scheme}://127.0.0.1:${port}/ws`, {
    peer: { bindAddress: '127.0.0.1' },
    disableTlsVerification: true,
  })
    .pipe(timeout(10_000))
    .subscribe({
      next: async ({ channel }) => {
        const reply = firstValueFrom(channel.messages$.pipe(timeout(10_000))).catch(
          (error) => `failed: ${error.name}`,
        );
        channel.send('over webrtc');
        resolve(await reply);
        subscription.unsubscribe();
      },
      error: (error) => resolve(`failed: ${error.code ?? error.name}`),
    });
});

const stopping = server.stop();
for (const c of clients.slice(1, 19)) c.close();
await stopping;
transceiver.close();
console.log(JSON.stringify({ echoes: echoes.filter(Boolean).length, webrtc }));
