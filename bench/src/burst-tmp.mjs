import { WsServer } from '@rxdc/ws-server';
import WebSocket, { WebSocketServer } from 'ws';

const open = (port) =>
  new Promise((res, rej) => {
    const s = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false });
    s.once('open', () => res(s));
    s.once('error', rej);
  });
const mode = process.argv[2];
function ours() {
  const server = new WsServer();
  server.addClientListener((path) => {
    let socket;
    const echo = {
      get isAvailable() {
        return socket === undefined;
      },
      connect(s) {
        socket = s;
        s.messages$.subscribe({ next: (m) => s.send(m), error: () => {} });
        s.closed$.subscribe(() => server.removeTransceiver(echo));
      },
      disconnect() {
        socket?.close();
      },
    };
    server.addTransceiver(echo, { path });
  });
  const { port } = server.listen(0, { bindAddress: '127.0.0.1', maxConnectionsPerAddress: 5000 });
  return { port, stop: () => server.stop() };
}
async function bare() {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    backlog: 1024,
  });
  await new Promise((r) => server.once('listening', r));
  server.on('connection', (s) => s.on('message', (d) => s.send(d)));
  return {
    port: server.address().port,
    stop: () =>
      new Promise((r) => {
        for (const c of server.clients) c.terminate();
        server.close(r);
      }),
  };
}
const times = [];
for (let i = 0; i < 6; i++) {
  const server = mode === 'bare' ? await bare() : ours();
  const t = performance.now();
  const socks = await Promise.all(Array.from({ length: 1000 }, () => open(server.port)));
  times.push(Math.round(performance.now() - t));
  for (const s of socks) s.terminate();
  await new Promise((r) => setTimeout(r, 300));
  await server.stop();
}
console.log(mode, times.join(' '));
