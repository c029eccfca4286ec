import { WebSocketServer } from '@rxdc/core';
import { take, toArray } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { WsServer, type WsServerError, type WsServerState } from '../src/index.js';
import {
  allMessages,
  client,
  closed,
  EchoTransceiver,
  eventually,
  first,
  openClient,
  socketsReleased,
} from './helpers/clients.js';
import { upgradeStatus } from './helpers/raw-socket.js';

const loopback = { bindAddress: '127.0.0.1' };
const servers: WsServer[] = [];

function newServer(): WsServer {
  const server = new WsServer();
  servers.push(server);
  return server;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server[Symbol.asyncDispose]();
});

function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return (error as WsServerError).code;
  }
  return undefined;
}

describe('listening state', () => {
  test('state before start, while listening (the real port for port 0), after stop; state$ follows', () => {
    const server = newServer();
    const states: WsServerState[] = [];
    server.state$.subscribe((state) => states.push(state));
    expect(server.state).toEqual({ listening: false, port: 0 });
    const started = server.listen(0, loopback);
    expect(started.listening).toBe(true);
    expect(started.port).toBeGreaterThan(0);
    expect(server.state).toEqual(started);
    server.stop();
    expect(server.state).toEqual({ listening: false, port: 0 });
    expect(states).toEqual([{ listening: false, port: 0 }, started, { listening: false, port: 0 }]);
  });

  test('a second start and a second stop fail; listening can start again after stop', () => {
    const server = newServer();
    expect(codeOf(() => server.stop())).toBe('NOT_LISTENING');
    server.listen(0, loopback);
    expect(codeOf(() => server.listen(0, loopback))).toBe('ALREADY_LISTENING');
    server.stop();
    expect(codeOf(() => server.stop())).toBe('NOT_LISTENING');
    server.listen(0, loopback);
    expect(server.state.listening).toBe(true);
    server.stop();
  });

  test('a port in use fails with BIND_FAILED and leaves the state not listening', () => {
    const taken = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
    try {
      const server = newServer();
      const error = (() => {
        try {
          server.listen(taken.port, loopback);
        } catch (caught) {
          return caught as WsServerError;
        }
      })();
      expect(error?.code).toBe('BIND_FAILED');
      expect(error?.message).toMatch(/in use.*listen\(0\)/);
      expect(server.state).toEqual({ listening: false, port: 0 });
    } finally {
      taken.stop();
    }
  });

  test('wrong ports and options fail with INVALID_ARGUMENT and a message that says what to pass', () => {
    const server = newServer();
    expect(codeOf(() => server.listen(-1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => server.listen(70_000))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => server.listen(0, { bindAddress: 'localhost' }))).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        server.listen(0, {
          ...loopback,
          tls: { certificatePemFile: '/nope.pem', keyPemFile: '/nope.key' },
        }),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(server.state.listening).toBe(false);
  });

  test('several servers run in one process, each with its own port and transceivers', async () => {
    const a = newServer();
    const b = newServer();
    const echoA = new EchoTransceiver();
    const echoB = new EchoTransceiver();
    a.addTransceiver(echoA);
    b.addTransceiver(echoB);
    const portA = a.listen(0, loopback).port;
    const portB = b.listen(0, loopback).port;
    expect(portA).not.toBe(portB);
    const [ca, cb] = await Promise.all([
      openClient(`ws://127.0.0.1:${portA}/ws`),
      openClient(`ws://127.0.0.1:${portB}/ws`),
    ]);
    const echoes = Promise.all([first(ca.messages$), first(cb.messages$)]);
    ca.send('to a');
    cb.send('to b');
    expect(await echoes).toEqual(['to a', 'to b']);
    expect(echoA.paths).toEqual(['/ws']);
    expect(echoB.paths).toEqual(['/ws']);
    await socketsReleased();
    a.stop();
    await socketsReleased();
    b.stop();
    await Promise.all([closed(ca), closed(cb)]);
  });
});

describe('paths', () => {
  test('a path is added before listening; adding it twice succeeds', () => {
    const server = newServer();
    server.addPath('/ws/pipeline-1');
    server.addPath('/ws/pipeline-1');
    expect(server.paths).toEqual(['/ws', '/ws/pipeline-1']);
  });

  test('adding a path while listening fails with LISTENING', () => {
    const server = newServer();
    server.listen(0, loopback);
    expect(codeOf(() => server.addPath('/ws/late'))).toBe('LISTENING');
    server.stop();
    server.addPath('/ws/late');
    expect(server.paths).toContain('/ws/late');
  });

  test('a path outside /ws/ fails with INVALID_PATH', () => {
    const server = newServer();
    for (const path of ['/pipeline-1', '/ws', '/ws/', 'ws/x', '/wsx/y', '/ws/a?b=1']) {
      expect(
        codeOf(() => server.addPath(path)),
        path,
      ).toBe('INVALID_PATH');
    }
    expect(codeOf(() => server.addPath(undefined as never))).toBe('INVALID_ARGUMENT');
    expect(server.paths).toEqual(['/ws']);
  });

  test('a client of a path that was not added gets HTTP 404 before any WebSocket exists', async () => {
    const server = newServer();
    const echo = new EchoTransceiver();
    server.addTransceiver(echo);
    const errors: WsServerError[] = [];
    server.errors$.subscribe((error) => errors.push(error));
    const { port } = server.listen(0, loopback);
    const status = await upgradeStatus(port, '/ws/unknown');
    expect(status).toMatch(/^HTTP\/1\.1 404/);
    expect(errors.map((e) => e.code)).toEqual(['PATH_NOT_ADDED']);
    expect(echo.paths).toEqual([]);
    expect(server.clientCount).toBe(0);
    await server.stop();
  });

  test('the query string is not part of the path; the connection keeps the full request path', async () => {
    const server = newServer();
    server.addPath('/ws/room');
    server.addTransceiver(new EchoTransceiver());
    const { port } = server.listen(0, loopback);
    const connection = first(server.connections$);
    const socket = await openClient(`ws://127.0.0.1:${port}/ws/room?id=7`);
    expect(await connection).toMatchObject({ path: '/ws/room', requestPath: '/ws/room?id=7' });
    socket.close();
    await socketsReleased();
    server.stop();
  });
});

describe('client listeners', () => {
  test('adding a listener twice fails; removing an unknown listener fails', () => {
    const server = newServer();
    const listener = () => {};
    server.addClientListener(listener);
    expect(codeOf(() => server.addClientListener(listener))).toBe('LISTENER_ALREADY_ADDED');
    server.removeClientListener(listener);
    expect(codeOf(() => server.removeClientListener(listener))).toBe('LISTENER_NOT_FOUND');
    expect(codeOf(() => server.removeClientListener(() => {}))).toBe('LISTENER_NOT_FOUND');
  });

  test('listeners work whether or not the server is listening', () => {
    const server = newServer();
    const listener = () => {};
    server.listen(0, loopback);
    server.addClientListener(listener);
    server.stop();
    server.removeClientListener(listener);
  });

  test('every listener gets the path and its client data, in order, before the transceiver is chosen', async () => {
    const server = newServer();
    server.addPath('/ws/cam');
    const calls: string[] = [];
    server.addClientListener(
      (path: string, data: string) => calls.push(`${data}:${path}`),
      'first',
    );
    // A listener that throws is reported and does not stop the others.
    server.addClientListener(() => {
      throw new Error('listener bug');
    });
    const errors: WsServerError[] = [];
    server.errors$.subscribe((error) => errors.push(error));
    // A transceiver created inside a listener gets the connection.
    server.addClientListener((path: string) => {
      calls.push(`create:${path}`);
      const echo = new EchoTransceiver();
      created.push(echo);
      server.addTransceiver(echo, { path });
    });
    const created: EchoTransceiver[] = [];
    const { port } = server.listen(0, loopback);
    const connection = first(server.connections$);
    const socket = await openClient(`ws://127.0.0.1:${port}/ws/cam`);
    const { transceiver, path } = await connection;
    expect(calls).toEqual(['first:/ws/cam', 'create:/ws/cam']);
    expect(errors.map((e) => e.code)).toEqual(['LISTENER_THREW']);
    expect(path).toBe('/ws/cam');
    expect(transceiver).toBe(created[0]);
    const echo = first(socket.messages$);
    socket.send('hello');
    expect(await echo).toBe('hello');
    socket.close();
    await socketsReleased();
    server.stop();
  });

  test('a removed listener is no longer called', async () => {
    const server = newServer();
    const calls: string[] = [];
    const listener = (path: string) => calls.push(path);
    server.addClientListener(listener);
    server.removeClientListener(listener);
    server.addTransceiver(new EchoTransceiver());
    const { port } = server.listen(0, loopback);
    const connection = first(server.connections$);
    const socket = await openClient(`ws://127.0.0.1:${port}/ws`);
    await connection;
    expect(calls).toEqual([]);
    socket.close();
    await socketsReleased();
    server.stop();
  });
});

describe('choosing a transceiver', () => {
  test('no transceiver available: the socket is closed with a reason the client can read', async () => {
    const server = newServer();
    const errors: WsServerError[] = [];
    server.errors$.subscribe((error) => errors.push(error));
    const { port } = server.listen(0, loopback);
    const socket = client(`ws://127.0.0.1:${port}/ws`);
    const frames = await allMessages(socket);
    expect(frames).toHaveLength(1);
    const refusal = JSON.parse(frames[0] as string);
    expect(refusal).toMatchObject({ type: 'error', data: { code: 'NO_TRANSCEIVER' } });
    expect(refusal.data.reason).toMatch(/no transceiver is available for \/ws/);
    expect(socket.isClosed).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['NO_TRANSCEIVER']);
    await socketsReleased();
    server.stop();
  });

  test('a busy transceiver refuses the next client; it is available again after its client closes', async () => {
    const server = newServer();
    const echo = new EchoTransceiver();
    server.addTransceiver(echo);
    const { port } = server.listen(0, loopback);
    const url = `ws://127.0.0.1:${port}/ws`;
    const firstClient = await openClient(url);
    await eventually(() => !echo.isAvailable);
    const refused = await allMessages(client(url));
    expect(JSON.parse(refused[0] as string).data.code).toBe('NO_TRANSCEIVER');
    firstClient.close();
    await eventually(() => echo.isAvailable);
    const again = await openClient(url);
    const echoed = first(again.messages$);
    again.send('back');
    expect(await echoed).toBe('back');
    expect(echo.paths).toEqual(['/ws', '/ws']);
    again.close();
    await socketsReleased();
    server.stop();
  });

  test('a transceiver registered for the path is preferred; one for another path never takes it', async () => {
    const server = newServer();
    server.addPath('/ws/a');
    server.addPath('/ws/b');
    const any = new EchoTransceiver();
    const forA = new EchoTransceiver();
    const forB = new EchoTransceiver();
    server.addTransceiver(any);
    server.addTransceiver(forA, { path: '/ws/a' });
    server.addTransceiver(forB, { path: '/ws/b' });
    const { port } = server.listen(0, loopback);
    const connections = server.connections$.pipe(take(2), toArray());
    const got = first(connections);
    const a = await openClient(`ws://127.0.0.1:${port}/ws/a`);
    const root = await openClient(`ws://127.0.0.1:${port}/ws`);
    const [ca, croot] = await got;
    expect(ca?.transceiver).toBe(forA);
    expect(croot?.transceiver).toBe(any);
    // /ws/a again: forA is busy and so is the any-path one; forB is for /ws/b only.
    const refused = await allMessages(client(`ws://127.0.0.1:${port}/ws/a`));
    expect(JSON.parse(refused[0] as string).data.code).toBe('NO_TRANSCEIVER');
    expect(forB.paths).toEqual([]);
    a.close();
    root.close();
    await socketsReleased();
    server.stop();
  });

  test('addTransceiver twice and removeTransceiver of an unknown one fail; a removed one gets no clients', async () => {
    const server = newServer();
    const echo = new EchoTransceiver();
    server.addTransceiver(echo);
    expect(codeOf(() => server.addTransceiver(echo))).toBe('TRANSCEIVER_ALREADY_ADDED');
    expect(codeOf(() => server.addTransceiver(echo, { path: '/elsewhere' }))).toBe(
      'TRANSCEIVER_ALREADY_ADDED',
    );
    expect(codeOf(() => server.addTransceiver(new EchoTransceiver(), { path: '/elsewhere' }))).toBe(
      'INVALID_PATH',
    );
    server.removeTransceiver(echo);
    expect(codeOf(() => server.removeTransceiver(echo))).toBe('TRANSCEIVER_NOT_FOUND');
    const { port } = server.listen(0, loopback);
    const refused = await allMessages(client(`ws://127.0.0.1:${port}/ws`));
    expect(JSON.parse(refused[0] as string).data.code).toBe('NO_TRANSCEIVER');
    expect(echo.paths).toEqual([]);
    await socketsReleased();
    server.stop();
  });

  test('transceivers freed in any order are offered the next clients in the order they were added', async () => {
    const server = newServer();
    const added = [new EchoTransceiver(), new EchoTransceiver(), new EchoTransceiver()];
    for (const transceiver of added) server.addTransceiver(transceiver);
    const { port } = server.listen(0, loopback);
    const url = `ws://127.0.0.1:${port}/ws`;
    const takenBy: unknown[] = [];
    server.connections$.subscribe(({ transceiver }) => takenBy.push(transceiver));
    const clients = [];
    for (let i = 0; i < 3; i++) clients.push(await openClient(url));
    await eventually(() => takenBy.length === 3);
    expect(takenBy).toEqual(added);
    // The third is freed first, then the first: the first is offered the next client.
    clients[2]?.close();
    await eventually(() => added[2]?.isAvailable === true);
    clients[0]?.close();
    await eventually(() => added[0]?.isAvailable === true);
    const next = [await openClient(url), await openClient(url)];
    await eventually(() => takenBy.length === 5);
    expect(takenBy.slice(3)).toEqual([added[0], added[2]]);
    const refused = await allMessages(client(url));
    expect(JSON.parse(refused[0] as string).data.code).toBe('NO_TRANSCEIVER');
    for (const socket of [clients[1], ...next]) socket?.close();
    await socketsReleased();
    server.stop();
  });

  test('a transceiver whose connect() throws: the client is refused and the error reported', async () => {
    const server = newServer();
    server.addTransceiver({
      isAvailable: true,
      connect() {
        throw new Error('cannot take it');
      },
      disconnect() {},
    });
    const errors: WsServerError[] = [];
    server.errors$.subscribe((error) => errors.push(error));
    const { port } = server.listen(0, loopback);
    const refused = await allMessages(client(`ws://127.0.0.1:${port}/ws`));
    expect(JSON.parse(refused[0] as string).data.code).toBe('TRANSCEIVER_THREW');
    expect(errors.map((e) => e.code)).toEqual(['TRANSCEIVER_THREW']);
    await socketsReleased();
    server.stop();
  });
});

describe('stop', () => {
  test('stop disconnects every connected transceiver and closes every client', async () => {
    const server = newServer();
    const echoes = [new EchoTransceiver(), new EchoTransceiver()];
    for (const echo of echoes) server.addTransceiver(echo);
    const { port } = server.listen(0, loopback);
    const clients = await Promise.all([0, 1].map(() => openClient(`ws://127.0.0.1:${port}/ws`)));
    await eventually(() => echoes.every((echo) => !echo.isAvailable));
    const stopped = server.stop();
    expect(echoes.map((echo) => echo.disconnects)).toEqual([1, 1]);
    await Promise.all(clients.map((c) => closed(c)));
    await stopped;
    expect(echoes.every((echo) => echo.isAvailable)).toBe(true);
  });
});
