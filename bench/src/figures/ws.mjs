// ws-server vs a bare server of the `ws` package, the servers in this process and the clients
// (the `ws` package in both cases) in a process of their own (harness/ws-clients.mjs), from
// many loopback addresses so that ws-server runs with its default limits (address counting
// live). Both servers do the same work for a client: echo what it sends. Interleaved rounds.
// - ws.echo.1k: 1 KiB messages echoed per second (one client, a window of 64 in flight);
// - ws.accept.1000, ws.accept.5000: connections per second while that many clients connect,
//   200 handshakes in flight, all held open until the round ends;
// - ws.burst.1000: milliseconds until 1,000 clients opened at the same moment are all open;
// - ws.conn.heap: the server's JS heap per idle connection (1,000 held open).
// ws-server adds its path check, limits, client listener, transceiver hand-over and
// signaling-socket wrapper.
import { WsServer } from '@rxdc/ws-server';
import { WebSocketServer } from 'ws';
import { size } from '../harness/mode.mjs';
import { interleave, report } from '../harness/stats.mjs';
import { startClients } from '../harness/ws-clients.mjs';

/**
 * The echo a client of ws-server gets: a transceiver of its own (ws-server hands each client
 * to a transceiver), as lean as the baseline's one listener: its methods are on its prototype,
 * and it subscribes itself as the observer of the client's frames, which complete on close.
 */
class EchoTransceiver {
  constructor(owner) {
    this.owner = owner;
    this.socket = undefined;
  }
  get isAvailable() {
    return this.socket === undefined;
  }
  connect(socket) {
    this.socket = socket;
    this.owner.live++;
    socket.messages$.subscribe(this);
  }
  disconnect() {
    this.socket?.close();
  }
  next(frame) {
    try {
      this.socket.send(frame);
    } catch {}
  }
  error() {}
  complete() {
    this.owner.live--;
    this.owner.server.removeTransceiver(this);
  }
}

/**
 * ws-server with its defaults (address limits live); each client gets an echo transceiver of
 * its own. Only `maxPeers` is raised, to the most clients a figure opens: it caps transceivers
 * held at once (default 1,000, a bound on WebRTC peers), and these echo transceivers hold none.
 */
function ourServer() {
  const server = new WsServer();
  const owner = { server, live: 0 };
  server.addClientListener((path) => server.addTransceiver(new EchoTransceiver(owner), { path }));
  const { port } = server.listen(0, { bindAddress: '127.0.0.1', maxPeers: 5000 });
  return { port, live: () => owner.live, stop: () => server.stop() };
}

/** A bare `ws` server that echoes. */
function wsServer() {
  return new Promise((resolve) => {
    // The same accept queue as ws-server's (1024; `ws` defaults to Node's 511, and a burst of
    // 1,000 then waits for SYN retransmissions): the figures compare the servers, not queues.
    const options = { host: '127.0.0.1', port: 0, perMessageDeflate: false, backlog: 1024 };
    const server = new WebSocketServer(options, () =>
      resolve({
        port: server.address().port,
        live: () => server.clients.size,
        stop: () =>
          new Promise((done) => {
            for (const c of server.clients) c.terminate();
            server.close(() => done());
          }),
      }),
    );
    server.on('connection', (socket) =>
      socket.on('message', (data, binary) => socket.send(data, { binary })),
    );
  });
}

/** Waits (bounded) until the server holds `count` clients. */
async function until(server, count) {
  const deadline = Date.now() + 20_000;
  while (server.live() !== count) {
    if (Date.now() > deadline)
      throw new Error(`the server holds ${server.live()} clients, expected ${count}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Both servers and the client process for one figure; `run(servers, clients)`. */
async function withServers(run) {
  const servers = { ours: ourServer(), baseline: await wsServer() };
  const clients = await startClients({ timeoutMs: 120_000 });
  try {
    return await run(servers, clients);
  } finally {
    clients.stop();
    await servers.ours.stop();
    await servers.baseline.stop();
  }
}

/** One side's round: `measure(server)`, then every client closed and gone. */
const roundOf = (clients, server, measure) => async () => {
  try {
    return await measure(server);
  } finally {
    await clients.closeAll();
    await until(server, 0);
  }
};

function acceptFigure(count) {
  return {
    id: `ws.accept.${count}`,
    unit: 'conn/s',
    target: '>= 0.9',
    measure: () =>
      withServers(async (servers, clients) => {
        const n = size(count, 50);
        const accept = async (server) => {
          const ms = await clients.open(server.port, n, 200);
          await until(server, n);
          return n / (ms / 1000);
        };
        const r = await interleave({
          rounds: size(9, 1),
          warmup: size(1, 0),
          ours: roundOf(clients, servers.ours, accept),
          baseline: roundOf(clients, servers.baseline, accept),
          roundTimeoutMs: 120_000,
        });
        return report(r, { clients: n });
      }),
  };
}

export default [
  {
    id: 'ws.echo.1k',
    unit: 'msg/s',
    target: '>= 0.9',
    measure: () =>
      withServers(async (servers, clients) => {
        const total = size(20_000, 500);
        const echo = (server) => clients.echo(server.port, total, 64, 1024);
        const r = await interleave({
          rounds: size(9, 1),
          warmup: size(1, 0),
          ours: roundOf(clients, servers.ours, echo),
          baseline: roundOf(clients, servers.baseline, echo),
        });
        return report(r, { messages: total });
      }),
  },
  acceptFigure(1000),
  acceptFigure(5000),
  {
    id: 'ws.burst.1000',
    unit: 'ms',
    target: '<= 1.2',
    measure: () =>
      withServers(async (servers, clients) => {
        const n = size(1000, 50);
        const burst = async (server) => {
          const ms = await clients.open(server.port, n);
          await until(server, n);
          return ms;
        };
        const r = await interleave({
          rounds: size(9, 1),
          warmup: size(1, 0),
          ours: roundOf(clients, servers.ours, burst),
          baseline: roundOf(clients, servers.baseline, burst),
        });
        return report(r, { clients: n });
      }),
  },
  {
    id: 'ws.conn.heap',
    unit: 'KiB',
    target: '<= 1.5',
    measure: () =>
      withServers(async (servers, clients) => {
        const n = size(1000, 50);
        const heap = () => {
          globalThis.gc();
          globalThis.gc();
          return process.memoryUsage().heapUsed;
        };
        const perConnection = async (server) => {
          const before = heap();
          await clients.open(server.port, n, 100);
          await until(server, n);
          return (heap() - before) / n / 1024;
        };
        const r = await interleave({
          rounds: size(5, 1),
          warmup: size(1, 0),
          ours: roundOf(clients, servers.ours, perConnection),
          baseline: roundOf(clients, servers.baseline, perConnection),
        });
        return report(r, { clients: n });
      }),
  },
];
