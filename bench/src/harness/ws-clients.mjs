// WebSocket clients in a process of their own, so that the servers measured (in the figure's
// process) do not share an event loop with them. The clients spread over loopback source
// addresses (127.0.0.2, .3, ...), at most PER_ADDRESS (100) each: well below ws-server's
// default maxConnectionsPerAddress (256) even while the previous round's connections are
// still being released, so the servers run with their defaults and ws-server's address
// counting is live once it holds 256 clients.
//
// Parent: `const clients = await startClients()`; then `await clients.open(port, n)` etc.
// Child (this file forked): answers { op, ... } messages.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './time-limit.mjs';
import { windowedEcho } from './windowed-echo.mjs';

const PER_ADDRESS = 100;

// ------------------------------------------------------------------ child: the clients
async function child() {
  const { default: WebSocket } = await import('ws');
  const sockets = [];
  const sourceAddress = (i) => `127.0.0.${2 + Math.floor(i / PER_ADDRESS)}`;
  const openOne = (port, i) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
        perMessageDeflate: false,
        localAddress: sourceAddress(i),
      });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  const ops = {
    /** Opens `count` clients, `window` at a time (all at once when window >= count); ms. */
    async open({ port, count, window }) {
      const began = performance.now();
      let next = 0;
      let failure;
      // On a failure the other workers stop taking new clients, and the call settles only
      // once every handshake in flight has: none is left opening behind a closeAll.
      const worker = async () => {
        while (next < count && failure === undefined) {
          try {
            sockets.push(await openOne(port, next++));
          } catch (error) {
            failure ??= error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(window, count) }, worker));
      if (failure !== undefined) throw failure;
      return performance.now() - began;
    },
    /** Echo rate: `total` messages of `size` bytes, `window` in flight, on one client; msg/s. */
    async echo({ port, total, window, size }) {
      const socket = await openOne(port, 0);
      const payload = Buffer.alloc(size, 7);
      const rate = total / (await windowedEcho(socket, payload, total, window));
      socket.terminate();
      return rate;
    },
    /** Closes every client (a TCP close, not a WebSocket close handshake). */
    async closeAll() {
      for (const s of sockets.splice(0)) s.terminate();
      return 0;
    },
  };
  process.on('message', async ({ id, op, ...args }) => {
    try {
      process.send({ id, value: await ops[op](args) });
    } catch (error) {
      process.send({ id, error: error.message });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ------------------------------------------------------------------ parent
/**
 * Starts the client process. Each call is bounded by `timeoutMs` (default 60 s).
 *
 * @returns {{ open(port, count, window?): Promise<number>, echo(port, total, window, size):
 *   Promise<number>, closeAll(): Promise<void>, stop(): void }}
 */
export async function startClients({ timeoutMs = 60_000 } = {}) {
  const proc = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: 'inherit' });
  const pending = new Map();
  let nextId = 0;
  proc.on('message', ({ id, value, error }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (error) p?.reject(new Error(`ws clients: ${error}`));
    else p?.resolve(value);
  });
  proc.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`ws clients exited (${code})`));
    pending.clear();
  });
  const call = (op, args = {}) => {
    const id = nextId++;
    const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    proc.send({ id, op, ...args });
    return withTimeout(answer, timeoutMs, `ws clients: ${op}`);
  };
  await new Promise((resolve) => proc.once('spawn', resolve));
  return {
    open: (port, count, window = count) => call('open', { port, count, window }),
    echo: (port, total, window, size) => call('echo', { port, total, window, size }),
    closeAll: () => call('closeAll'),
    stop: () => proc.kill('SIGKILL'),
  };
}

if (process.argv[2] === '--child') await child();
