// ServerLifetime on a real node-datachannel WebSocketServer and real clients: config checks,
// BIND_FAILED, the guarded client callback, the safe handshake default, stop and settle.
import { connect } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import {
  ChannelLifetime,
  checkWebSocketUrl,
  DEFAULT_SERVER_CONNECTION_TIMEOUT_MS,
  liveObjects,
  type NativeWebSocket,
  NativeWebSocketClass,
  parseProxyServer,
  ServerLifetime,
} from '../src/index.js';
import { codeOf } from './helpers/code-of.js';
import { channelCallbacks, eventually, newChannelRecord } from './helpers/lifetimes.js';

const loopback = { port: 0, bindAddress: '127.0.0.1' };
const servers: ServerLifetime[] = [];
const clients: ChannelLifetime[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) server.stop({ closeAccepted: true });
  await eventually(() => liveObjects().length === 0, 'everything released', 10_000);
});

function client(url: string) {
  const record = newChannelRecord();
  const native = new NativeWebSocketClass({});
  const lifetime = new ChannelLifetime('WebSocket', native, channelCallbacks(record), {
    report: () => {},
  });
  clients.push(lifetime);
  native.open(url);
  return { lifetime, record };
}

test('a wrong config is INVALID_CONFIG; a port in use is BIND_FAILED', () => {
  const noop = () => {};
  expect(codeOf(() => new ServerLifetime(null as never, noop, noop))).toBe('INVALID_CONFIG');
  expect(codeOf(() => new ServerLifetime({ port: 70000 }, noop, noop))).toBe('INVALID_CONFIG');
  expect(codeOf(() => new ServerLifetime({ bindAddress: 'nope' }, noop, noop))).toBe(
    'INVALID_CONFIG',
  );
  expect(codeOf(() => new ServerLifetime({ connectionTimeout: -1 }, noop, noop))).toBe(
    'INVALID_CONFIG',
  );
  expect(codeOf(() => new ServerLifetime({ enableTls: 1 as never }, noop, noop))).toBe(
    'INVALID_CONFIG',
  );
  const first = new ServerLifetime(loopback, noop, noop);
  servers.push(first);
  expect(first.port).toBeGreaterThan(0);
  expect(codeOf(() => new ServerLifetime({ ...loopback, port: first.port }, noop, noop))).toBe(
    'BIND_FAILED',
  );
  expect(liveObjects()).toEqual([{ kind: 'WebSocketServer', closing: false }]);
});

test('a client callback that throws reaches `report`, not native code; the server keeps serving', async () => {
  const reported: unknown[] = [];
  const accepted: ChannelLifetime[] = [];
  let calls = 0;
  const server = new ServerLifetime(
    loopback,
    (native: NativeWebSocket) => {
      const socket = new ChannelLifetime(
        'WebSocket',
        native,
        channelCallbacks(newChannelRecord()),
        {
          report: () => {},
          accepted: true,
          receiveLimit: server.receiveLimit,
        },
      );
      server.adopt(socket);
      accepted.push(socket);
      calls++;
      if (calls === 1) throw new Error('a throwing client callback');
    },
    (error) => reported.push(error),
  );
  servers.push(server);
  const one = client(`ws://127.0.0.1:${server.port}/one`);
  await eventually(() => one.lifetime.phase === 'open', 'the first client open');
  const two = client(`ws://127.0.0.1:${server.port}/two`);
  await eventually(() => two.lifetime.phase === 'open', 'the second client open');
  expect(calls).toBe(2);
  expect(reported.map((e) => (e as Error).message)).toEqual(['a throwing client callback']);
  // stop with closeAccepted closes the adopted sockets; the server settles at once.
  server.stop({ closeAccepted: true });
  expect(server.port).toBe(0);
  expect(server.isStopped).toBe(true);
  expect(accepted.every((socket) => socket.phase === 'closed')).toBe(true);
  await eventually(
    () => one.lifetime.phase === 'closed' && two.lifetime.phase === 'closed',
    'clients closed',
  );
});

test('without closeAccepted, stop leaves accepted sockets open (C semantics); onStop runs once', async () => {
  let stops = 0;
  let accepted: ChannelLifetime | undefined;
  const server = new ServerLifetime(
    loopback,
    (native) => {
      accepted = new ChannelLifetime('WebSocket', native, channelCallbacks(newChannelRecord()), {
        report: () => {},
        accepted: true,
      });
      server.adopt(accepted);
    },
    () => {},
    () => stops++,
  );
  servers.push(server);
  const one = client(`ws://127.0.0.1:${server.port}/`);
  await eventually(() => one.lifetime.phase === 'open' && accepted !== undefined, 'open');
  server.stop();
  server.stop();
  server.close();
  expect(stops).toBe(1);
  accepted!.openIfAlreadyOpen();
  expect(accepted!.phase).toBe('open');
  accepted!.close();
});

test(`the handshake timeout defaults to ${DEFAULT_SERVER_CONNECTION_TIMEOUT_MS} ms, not libdatachannel's 30 s: a client whose headers never end is cut`, async () => {
  const server = new ServerLifetime(
    loopback,
    () => {},
    () => {},
  );
  servers.push(server);
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => {});
  socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
  let closed = false;
  socket.on('close', () => {
    closed = true;
  });
  // Well under libdatachannel's 30 s: only the 5 s default cuts it within this wait.
  await eventually(() => closed, 'the stalled handshake cut by the server', 20_000);
  socket.destroy();
}, 30_000);

test('checkWebSocketUrl is the one URL rule', () => {
  expect(checkWebSocketUrl('ws://127.0.0.1:8080/x')).toBe('ws://127.0.0.1:8080/x');
  expect(checkWebSocketUrl('WSS://example.org')).toBe('WSS://example.org');
  for (const bad of ['http://x', 'ws://', 'ws:///path', 'ws://?q', ' ws://x', 42]) {
    expect(codeOf(() => checkWebSocketUrl(bad))).toBe('INVALID_ARGUMENT');
  }
  expect(codeOf(() => checkWebSocketUrl(`ws://${'a'.repeat(9000)}`))).toBe('INVALID_ARGUMENT');
});

test('parseProxyServer is the one proxy URI parser', () => {
  expect(parseProxyServer('127.0.0.1:3128')).toEqual({ type: 'Http', ip: '127.0.0.1', port: 3128 });
  expect(parseProxyServer('http://proxy.example')).toEqual({
    type: 'Http',
    ip: 'proxy.example',
    port: 8080,
  });
  expect(parseProxyServer('socks5://us%20er:p%40ss@[::1]')).toEqual({
    type: 'Socks5',
    ip: '::1',
    port: 1080,
    username: 'us er',
    password: 'p@ss',
  });
  for (const bad of ['ftp://x', 'https://x', 'socks4://x', 'http://', '::::']) {
    expect(codeOf(() => parseProxyServer(bad))).toBe('INVALID_CONFIG');
  }
});
