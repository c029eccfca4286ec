// Child process of process-exit.test.ts: serves WebSocket clients and a WebRTC peer through
// @rxdc/ws-server (the built package), stops, closes everything, and must then exit by itself:
// no process.exit() anywhere. Prints one JSON line of what it did.
import { PeerConnection, shutdown, WebSocket } from '@rxdc/core';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { WebRtcTransceiver, WsServer } from '../../dist/index.js';

// shutdown() is how @rxdc/core releases node-datachannel's globals; without it a WebSocket
// that was closed on both ends at once can keep the process alive (a core bug, reported).
const useShutdown = !process.argv.includes('--no-shutdown');
const tls = process.argv.includes('--tls');
const first = (source) => firstValueFrom(source.pipe(timeout(10_000)));

const server = new WsServer();
server.addPath('/ws/echo');
// One echo transceiver per client, created by a client listener on /ws/echo.
server.addClientListener((path) => {
  if (path !== '/ws/echo') return;
  let socket;
  const echo = {
    get isAvailable() {
      return socket === undefined;
    },
    connect(s) {
      socket = s;
      s.messages$.subscribe({ next: (m) => sendQuietly(s, m), error: () => {} });
      s.closed$.subscribe(() => server.removeTransceiver(echo));
    },
    disconnect() {
      socket?.close();
    },
  };
  server.addTransceiver(echo, { path });
});
const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
transceiver.dataChannel$.subscribe((channel) =>
  channel.messages$.subscribe({ next: (m) => sendQuietly(channel, m), error: () => {} }),
);

// A client may vanish between receiving and echoing: its close follows, nothing to do.
function sendQuietly(channel, message) {
  try {
    channel.send(message);
  } catch {}
}
server.addTransceiver(transceiver, { path: '/ws' });
const { port } = server.listen(0, { bindAddress: '127.0.0.1', tls });
const scheme = tls ? 'wss' : 'ws';

// Ten echo clients, one of which vanishes right after sending.
const clients = [];
for (let i = 0; i < 10; i++) {
  const c = new WebSocket({ disableTlsVerification: true });
  c.open(`${scheme}://127.0.0.1:${port}/ws/echo`);
  clients.push(c);
}
await Promise.all(clients.map((c) => first(c.open$)));
const echoes = await Promise.all(
  clients.map((c, i) => {
    const reply = first(c.messages$);
    c.send(`hello ${i}`);
    return reply;
  }),
);
clients[0].send('x'.repeat(100_000));
clients[0].close();

// A page in node answering the transceiver's offer.
const page = new WebSocket({ disableTlsVerification: true });
page.open(`${scheme}://127.0.0.1:${port}/ws`);
let peer;
page.messages$.subscribe({
  next: (frame) => {
    const { type, data } = JSON.parse(frame);
    if (!peer) {
      peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
      peer.localDescription$.subscribe((d) => page.send(JSON.stringify({ type: 'sdp', data: d })));
      peer.localCandidate$.subscribe((c) =>
        page.send(JSON.stringify({ type: 'ice', data: { candidate: c.candidate, sdpMid: c.mid } })),
      );
      peer.dataChannel$.subscribe(async (channel) => {
        await first(channel.open$);
        const reply = first(channel.messages$);
        channel.send('over webrtc');
        result.webrtc = await reply;
        finish();
      });
    }
    if (type === 'sdp') peer.setRemoteDescription(data);
    else peer.addRemoteCandidate({ candidate: data.candidate, mid: data.sdpMid ?? '0' });
  },
  error: () => {},
});
const result = { echoes: echoes.length, webrtc: undefined };

async function finish() {
  await first(transceiver.state$.pipe(filter((s) => s === 2)));
  server.stop();
  peer.close();
  page.close();
  for (const c of clients) c.close();
  transceiver.close();
  if (useShutdown) await shutdown();
  console.log(JSON.stringify(result));
}
