// The production defaults and limits of the server, and faults: after each fault a new client
// is served within 1 s (the generous bound issue 11 asks for) and nothing is left behind.
import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import {
  CloseCode,
  type ListenOptions,
  type SignalingSocket,
  WsServer,
  type WsServerError,
} from '../src/index.js';
import { EchoTransceiver, eventually } from './helpers/clients.js';
import { clientFrame, ended, tcp, upgraded, upgradeRequest } from './helpers/raw-socket.js';
import { echoOnce, wsClosed, wsOpen } from './helpers/ws-clients.js';

const servers: WsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server[Symbol.asyncDispose]();
});

/** A server that creates one echo transceiver per client and retires it when its client leaves. */
function echoServer(options: ListenOptions = {}) {
  const server = new WsServer();
  servers.push(server);
  server.addPath('/ws/echo');
  const errors: WsServerError[] = [];
  server.errors$.subscribe((error) => errors.push(error));
  server.addClientListener((path) => server.addTransceiver(new EchoTransceiver(), { path }));
  server.connections$.subscribe(({ socket, transceiver }) =>
    socket.closed$.subscribe(() => server.removeTransceiver(transceiver)),
  );
  const { port } = server.listen(0, { bindAddress: '127.0.0.1', ...options });
  return { server, port, errors, url: `ws://127.0.0.1:${port}/ws/echo` };
}

/** Served within 1 s, and nothing left: no client, no transceiver. */
async function stillServing(server: WsServer, url: string): Promise<void> {
  expect(await echoOnce(url)).toBeLessThan(1000);
  await eventually(() => server.clientCount === 0 && server.transceivers.length === 0, 5000);
}

/** The close frame a raw socket receives: its code. */
function closeCodeOf(socket: import('node:net').Socket): Promise<number> {
  return new Promise((resolve) => {
    let bytes = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      bytes = Buffer.concat([bytes, chunk]);
      const at = bytes.indexOf(0x88);
      if (at !== -1 && bytes.length >= at + 4) resolve(bytes.readUInt16BE(at + 2));
    });
    socket.once('close', () => resolve(1006));
  });
}

describe('refusals at the upgrade', () => {
  test('over maxConnections and over maxConnectionsPerAddress: HTTP 503, and room again once a client leaves', async () => {
    const { server, url, errors } = echoServer({ maxConnectionsPerAddress: 3 });
    const three = await Promise.all([0, 1, 2].map(() => wsOpen(url)));
    await expect(wsOpen(url)).rejects.toThrow('HTTP 503');
    expect(errors.map((e) => e.code)).toEqual(['LIMIT_EXCEEDED']);
    const left = wsClosed(three[0] as WebSocket);
    three[0]?.close();
    await left;
    await eventually(() => server.clientCount === 2);
    const again = await wsOpen(url);
    for (const socket of [...three, again]) socket.close();
    await eventually(() => server.clientCount === 0);

    const global = echoServer({ maxConnections: 2 });
    const two = await Promise.all([0, 1].map(() => wsOpen(global.url)));
    await expect(wsOpen(global.url)).rejects.toThrow('HTTP 503');
    for (const socket of two) socket.close();
    // Room again once the server has seen them go.
    await eventually(() => global.server.clientCount === 0);
    await stillServing(global.server, global.url);
  });

  test('maxConnectionsPerAddress counts each remote address apart, also once the server holds more clients than the limit', async () => {
    // Addresses are read only from the moment the server holds `limit` connections (reading
    // one is a system call); this crosses that point with two addresses, and again after the
    // server has emptied.
    const { server, url, errors } = echoServer({ maxConnectionsPerAddress: 3 });
    const open: WebSocket[] = [];
    const from = async (address: string) => {
      const socket = await wsOpen(url, address);
      open.push(socket);
      return socket;
    };
    await from('127.0.0.2');
    await from('127.0.0.2');
    const first = await from('127.0.0.1');
    await from('127.0.0.1');
    await from('127.0.0.1');
    await expect(wsOpen(url, '127.0.0.1')).rejects.toThrow('HTTP 503');
    await from('127.0.0.2');
    await expect(wsOpen(url, '127.0.0.2')).rejects.toThrow('HTTP 503');
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/127\.0\.0\.1 has 3 clients here/),
      expect.stringMatching(/127\.0\.0\.2 has 3 clients here/),
    ]);
    // One of 127.0.0.1's clients leaves: room for one more from it, not two.
    const left = wsClosed(first);
    first.close();
    await left;
    await eventually(() => server.clientCount === 5);
    await from('127.0.0.1');
    await expect(wsOpen(url, '127.0.0.1')).rejects.toThrow('HTTP 503');
    for (const socket of open.splice(0)) socket.close();
    await eventually(() => server.clientCount === 0);
    // Counted again from scratch.
    for (let i = 0; i < 3; i++) await from('127.0.0.1');
    await expect(wsOpen(url, '127.0.0.1')).rejects.toThrow('HTTP 503');
    await from('127.0.0.2');
    for (const socket of open.splice(0)) socket.close();
    await eventually(() => server.clientCount === 0);
  });

  test('a client no transceiver takes is closed with 1013 and a reason, after the listeners ran', async () => {
    const server = new WsServer();
    servers.push(server);
    const heard: string[] = [];
    server.addClientListener((path) => heard.push(path));
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    const frames: string[] = [];
    socket.on('message', (data) => frames.push(data.toString()));
    const { code, reason } = await wsClosed(socket);
    expect(heard).toEqual(['/ws']);
    expect(code).toBe(CloseCode.TRY_AGAIN_LATER);
    expect(reason).toMatch(/no transceiver is available for \/ws/);
    expect(JSON.parse(frames[0] as string)).toMatchObject({ data: { code: 'NO_TRANSCEIVER' } });
  });
});

describe('production defaults', () => {
  test('a message above maxPayload is closed with 1009', async () => {
    const { server, url } = echoServer({ maxPayload: 1024 });
    const socket = await wsOpen(url);
    const closed = wsClosed(socket);
    socket.send(Buffer.alloc(2048, 1));
    expect((await closed).code).toBe(CloseCode.MESSAGE_TOO_BIG);
    await stillServing(server, url);
  });

  test('a text frame that is not UTF-8 is closed with 1007', async () => {
    const { server, port, url } = echoServer();
    const raw = await upgraded(port, '/ws/echo');
    const code = closeCodeOf(raw);
    raw.write(clientFrame(1, Buffer.from([0x68, 0xff, 0xfe, 0x69])));
    expect(await code).toBe(CloseCode.INVALID_PAYLOAD);
    raw.destroy();
    await stillServing(server, url);
  });

  test('a client that never answers pings is dropped by the keepalive', async () => {
    const { server, port, url } = echoServer({ keepaliveInterval: 100 });
    // A raw socket does not answer pings (a `ws` client would, by itself).
    const raw = await upgraded(port, '/ws/echo');
    await eventually(() => server.clientCount === 1);
    await ended(raw);
    await eventually(() => server.clientCount === 0);
    // A client that answers stays.
    const live = await wsOpen(url);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(live.readyState).toBe(WebSocket.OPEN);
    live.close();
    await stillServing(server, url);
  });

  test('a client that stops reading while the server sends is dropped, not buffered for', async () => {
    const server = new WsServer();
    servers.push(server);
    const dropped: unknown[] = [];
    // Sends 64 KiB frames to each client until sending fails.
    server.addClientListener((path) => {
      let socket: SignalingSocket | undefined;
      const flood = {
        get isAvailable() {
          return socket === undefined;
        },
        connect(s: SignalingSocket) {
          socket = s;
          s.closed$.subscribe(() => server.removeTransceiver(flood));
          const frame = Buffer.alloc(64 * 1024, 3);
          const pump = () => {
            try {
              s.send(frame);
              setImmediate(pump);
            } catch (error) {
              dropped.push(error);
            }
          };
          pump();
        },
        disconnect() {
          socket?.close();
        },
      };
      server.addTransceiver(flood, { path });
    });
    const { port } = server.listen(0, {
      bindAddress: '127.0.0.1',
      maxBufferedAmount: 512 * 1024,
    });
    const raw = await upgraded(port, '/ws');
    raw.pause(); // stops reading
    await eventually(() => dropped.length === 1, 20_000);
    await eventually(() => server.clientCount === 0);
    expect((dropped[0] as WsServerError).code).toBe('CLOSED');
    raw.destroy();
  });

  test('garbage instead of an HTTP upgrade, and headers held open, are dropped by the handshake timeout', async () => {
    const { server, port, url } = echoServer({ handshakeTimeout: 300 });
    const garbage = await tcp(port);
    garbage.on('error', () => {});
    garbage.write(Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10]));
    await ended(garbage);
    await stillServing(server, url);

    const silent = await tcp(port);
    silent.on('error', () => {});
    const held = await tcp(port);
    held.on('error', () => {});
    held.write(upgradeRequest(port, '/ws/echo').slice(0, 60));
    // Trickling a byte now and then does not keep it open: the headers must be complete in time.
    const trickle = setInterval(() => held.writable && held.write('X'), 100);
    await Promise.all([ended(silent), ended(held)]);
    clearInterval(trickle);
    await stillServing(server, url);
  });

  test('clients that vanish mid-message and mid-handshake', async () => {
    const { server, port, url, errors } = echoServer();
    const raw = await Promise.all(Array.from({ length: 30 }, () => upgraded(port, '/ws/echo')));
    await eventually(() => server.transceivers.length === 30);
    for (const socket of raw) {
      socket.write(clientFrame(2, Buffer.alloc(4000, 7)).subarray(0, 1500));
      socket.destroy();
    }
    for (let i = 0; i < 10; i++) {
      const half = connect({ host: '127.0.0.1', port });
      half.on('error', () => {});
      half.write(upgradeRequest(port, '/ws/echo').slice(0, 40));
      half.destroy();
    }
    const quitters = await Promise.all(Array.from({ length: 30 }, () => wsOpen(url)));
    for (const socket of quitters) {
      socket.send(Buffer.alloc(100_000, 1));
      socket.terminate();
    }
    await stillServing(server, url);
    expect(errors).toEqual([]);
  });

  test('stop() closes every client with 1001 and resolves once they are gone', async () => {
    const { server, url } = echoServer();
    const clients = await Promise.all(Array.from({ length: 20 }, () => wsOpen(url)));
    const codes = Promise.all(clients.map(wsClosed));
    await eventually(() => server.clientCount === 20);
    await server.stop();
    expect(server.clientCount).toBe(0);
    expect(new Set((await codes).map((c) => c.code))).toEqual(new Set([CloseCode.GOING_AWAY]));
    expect(server.transceivers.length).toBe(0);
  });
});
