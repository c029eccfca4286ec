import { createServer, type Server } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { WsServer } from '../src/index.js';
import { EchoTransceiver, eventually } from './helpers/clients.js';
import { upgradeStatus } from './helpers/raw-socket.js';
import { echoOnce, wsClosed, wsOpen } from './helpers/ws-clients.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An app's HTTP server answering ordinary GETs, listening on 127.0.0.1. */
async function appServer(): Promise<{ http: Server; port: number }> {
  const http = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`page ${request.url}`);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  );
  return { http, port: (http.address() as { port: number }).port };
}

test('attached to an http server that also answers GETs: both on one port; stop leaves the app running', async () => {
  const { http, port } = await appServer();
  const server = new WsServer();
  server.addPath('/ws/echo');
  server.addClientListener((path) => server.addTransceiver(new EchoTransceiver(), { path }));
  server.connections$.subscribe(({ socket, transceiver }) =>
    socket.closed$.subscribe(() => server.removeTransceiver(transceiver)),
  );
  expect(server.attach(http)).toEqual({ listening: true, port });
  const url = `ws://127.0.0.1:${port}/ws/echo`;

  const clients = await Promise.all(Array.from({ length: 20 }, () => wsOpen(url)));
  const gets = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/page-${i}`).then((r) => r.text()),
    ),
  );
  expect(gets).toEqual(Array.from({ length: 20 }, (_, i) => `page /page-${i}`));
  expect(await echoOnce(url)).toBeGreaterThan(0);
  // A path under /ws that was not added: 404, as with listen().
  expect(await upgradeStatus(port, '/ws/nothing')).toMatch(/^HTTP\/1\.1 404/);

  const codes = Promise.all(clients.map(wsClosed));
  await server.stop();
  expect(new Set((await codes).map((c) => c.code))).toEqual(new Set([1001]));
  expect(server.state).toEqual({ listening: false, port: 0 });
  expect(http.listening).toBe(true);
  expect(await fetch(`http://127.0.0.1:${port}/after`).then((r) => r.text())).toBe('page /after');
  // Detached: upgrades are no longer taken (nothing else takes them here either).
  expect(http.listenerCount('upgrade')).toBe(0);
});

test("upgrades outside /ws are left to the app's own WebSocket handler", async () => {
  const { http, port } = await appServer();
  const own = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, socket, head) => {
    if (request.url === '/live') own.handleUpgrade(request, socket, head, (ws) => ws.send('app'));
  });
  cleanups.push(() => own.close());
  const server = new WsServer();
  server.addTransceiver(new EchoTransceiver());
  server.attach(http);
  cleanups.push(() => server.stop());
  const live = new WebSocket(`ws://127.0.0.1:${port}/live`);
  const first = await new Promise<string>((resolve) =>
    live.once('message', (d) => resolve(String(d))),
  );
  expect(first).toBe('app');
  live.close();
  expect(await echoOnce(`ws://127.0.0.1:${port}/ws`)).toBeGreaterThan(0);
  await eventually(() => server.clientCount === 0);
});

test('attach before the app listens: the port is known once it does', async () => {
  const http = createServer((_request, response) => response.end('ok'));
  const server = new WsServer();
  server.addTransceiver(new EchoTransceiver());
  expect(server.attach(http)).toEqual({ listening: true, port: 0 });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  expect(server.state).toEqual({ listening: true, port });
  expect(await echoOnce(`ws://127.0.0.1:${port}/ws`)).toBeGreaterThan(0);
  await server.stop();
  await new Promise<void>((resolve) => {
    http.closeAllConnections();
    http.close(() => resolve());
  });
  expect(() => server.attach({} as Server)).toThrow(/attach\(\) takes a node:http/);
});
