// Who gets in: the Origin allow-list and the app's admission check answer the upgrade request
// with an HTTP status before a WebSocket, a transceiver or a peer exists; an async check does
// not hold other clients; the request's facts reach listeners, connections$ and the socket.
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import {
  type UpgradeRequest,
  type WsConnection,
  WsServer,
  type WsServerError,
  type WsServerOptions,
} from '../src/index.js';
import { EchoTransceiver, eventually } from './helpers/clients.js';
import { ended, tcp } from './helpers/raw-socket.js';
import { wsClosed } from './helpers/ws-clients.js';

const loopback = { bindAddress: '127.0.0.1' };
const servers: WsServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const server of servers.splice(0)) await server[Symbol.asyncDispose]();
});

/** A server with one echoing transceiver (which counts its clients) and what it reported. */
function serve(options: WsServerOptions, limits: Record<string, number> = {}, path?: string) {
  const server = new WsServer(options);
  servers.push(server);
  if (path) server.addPath(path);
  const transceivers = [new EchoTransceiver(), new EchoTransceiver()];
  for (const transceiver of transceivers) server.addTransceiver(transceiver);
  const errors: WsServerError[] = [];
  server.errors$.subscribe((error) => errors.push(error));
  const listened: Array<UpgradeRequest | undefined> = [];
  server.addClientListener((_path, _data, request) => listened.push(request));
  const { port } = server.listen(0, { ...loopback, ...limits });
  const connects = () => transceivers.reduce((sum, t) => sum + t.paths.length, 0);
  return { server, port, errors, listened, connects };
}

type Answer = { open: WebSocket } | { status: number; body: string };

/** Opens a `ws` client with `headers`: the open socket, or the HTTP status and body it got. */
function knock(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    sockets.push(socket);
    socket.once('open', () => resolve({ open: socket }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('error', (error) => reject(error));
  });
}

function statusOf(answer: Answer): number | 'open' {
  return 'open' in answer ? 'open' : answer.status;
}

async function echo(socket: WebSocket, text: string): Promise<string> {
  const reply = new Promise<string>((resolve) =>
    socket.once('message', (data) => resolve(data.toString())),
  );
  socket.send(text);
  return reply;
}

describe('Origin allow-list', () => {
  test('a listed origin and a request without Origin get in; another origin gets 403 before any transceiver work', async () => {
    const { port, errors, listened, connects } = serve({
      allowedOrigins: ['https://app.example.com'],
    });
    const url = `ws://127.0.0.1:${port}/ws`;
    const refused = await knock(url, { Origin: 'https://evil.example.net' });
    expect(statusOf(refused)).toBe(403);
    expect('body' in refused && refused.body).toMatch(/evil\.example\.net.*not allowed/);
    expect(errors.map((e) => e.code)).toEqual(['ORIGIN_REFUSED']);
    expect(listened).toEqual([]);
    expect(connects()).toBe(0);

    const allowed = await knock(url, { Origin: 'https://APP.example.com' });
    expect(statusOf(allowed)).toBe('open');
    const noOrigin = await knock(url);
    expect(statusOf(noOrigin)).toBe('open');
    await eventually(() => connects() === 2);
    expect(errors).toHaveLength(1);
  });

  test('a wrong allowedOrigins or admit is refused with its name', () => {
    const code = (options: unknown) => {
      try {
        new WsServer(options as WsServerOptions);
      } catch (error) {
        return `${(error as WsServerError).code}: ${(error as Error).message}`;
      }
    };
    expect(code({ allowedOrigins: 'https://a.example' })).toMatch(
      /INVALID_ARGUMENT: allowedOrigins/,
    );
    expect(code({ admit: 'yes' })).toMatch(/INVALID_ARGUMENT: admit must be a function/);
  });
});

describe('the admission check', () => {
  test('false is 401, { status, reason } is that status and reason, a throw or a non-answer is 500; none reaches a transceiver', async () => {
    const { port, errors, listened, connects } = serve({
      admit: (request) => {
        const answer = request.query.get('answer');
        if (answer === 'no') return false;
        if (answer === 'full') return { status: 429, reason: 'too many clients in room 7' };
        if (answer === 'throw') throw new Error('the session store is down');
        if (answer === 'junk') return 42 as unknown as boolean;
        return true;
      },
    });
    const url = (answer: string) => `ws://127.0.0.1:${port}/ws?answer=${answer}`;
    expect(statusOf(await knock(url('no')))).toBe(401);
    const full = await knock(url('full'));
    expect(full).toEqual({ status: 429, body: 'too many clients in room 7\n' });
    expect(statusOf(await knock(url('throw')))).toBe(500);
    expect(statusOf(await knock(url('junk')))).toBe(500);
    expect(errors.map((e) => e.code)).toEqual([
      'ADMISSION_REFUSED',
      'ADMISSION_REFUSED',
      'ADMISSION_FAILED',
      'ADMISSION_FAILED',
    ]);
    expect((errors[2] as WsServerError).cause).toHaveProperty(
      'message',
      'the session store is down',
    );
    expect(listened).toEqual([]);
    expect(connects()).toBe(0);
    expect(statusOf(await knock(url('yes')))).toBe('open');
    await eventually(() => connects() === 1);
  });

  test('a slow async check does not stall other clients; it admits once it answers', async () => {
    let release!: (decision: boolean) => void;
    const held = new Promise<boolean>((resolve) => {
      release = resolve;
    });
    let asked = 0;
    const { port, connects } = serve({
      admit: async (request) => {
        asked += 1;
        return request.query.has('slow') ? held : true;
      },
    });
    const slow = knock(`ws://127.0.0.1:${port}/ws?slow`);
    await eventually(() => asked === 1);
    // While the slow check is pending, another client is admitted, handed over and served.
    const fast = await knock(`ws://127.0.0.1:${port}/ws`);
    if (!('open' in fast)) throw new Error(`fast client refused with ${fast.status}`);
    expect(await echo(fast.open, 'served meanwhile')).toBe('served meanwhile');
    expect(connects()).toBe(1);
    release(true);
    const late = await slow;
    if (!('open' in late)) throw new Error(`slow client refused with ${late.status}`);
    expect(await echo(late.open, 'admitted late')).toBe('admitted late');
  });

  test('a check that never answers refuses the client with 503 after handshakeTimeout', async () => {
    const { port, errors, connects } = serve(
      { admit: () => new Promise<boolean>(() => {}) },
      { handshakeTimeout: 300 },
    );
    expect(statusOf(await knock(`ws://127.0.0.1:${port}/ws`))).toBe(503);
    expect(errors.map((e) => e.code)).toEqual(['ADMISSION_FAILED']);
    expect(errors[0]?.message).toMatch(/did not answer within 300 ms/);
    expect(connects()).toBe(0);
  });

  test('setAdmission() changes the check of a running server (the way for the /dsl server)', async () => {
    const { server, port } = serve({});
    expect(statusOf(await knock(`ws://127.0.0.1:${port}/ws`))).toBe('open');
    server.setAdmission({ admit: () => ({ status: 403, reason: 'closed for today' }) });
    expect(await knock(`ws://127.0.0.1:${port}/ws`)).toEqual({
      status: 403,
      body: 'closed for today\n',
    });
  });
});

describe("the request's facts", () => {
  test('the check, the client listeners, connections$ and the socket see headers, cookies, Origin, address and query', async () => {
    const seen: UpgradeRequest[] = [];
    const { server, port, listened } = serve(
      {
        admit: (request) => {
          seen.push(request);
          return request.cookies.session === 'abc 123';
        },
      },
      {},
      '/ws/room',
    );
    const connections: WsConnection[] = [];
    server.connections$.subscribe((connection) => connections.push(connection));
    const answer = await knock(`ws://127.0.0.1:${port}/ws/room?token=t%201&room=7`, {
      Origin: 'http://127.0.0.1:8080',
      Cookie: 'theme=dark; session=abc%20123',
      'X-App': 'demo',
    });
    expect(statusOf(answer)).toBe('open');
    await eventually(() => connections.length === 1);
    const request = seen[0] as UpgradeRequest;
    expect(request.url).toBe('/ws/room?token=t%201&room=7');
    expect(request.path).toBe('/ws/room');
    expect(request.query.get('token')).toBe('t 1');
    expect(request.origin).toBe('http://127.0.0.1:8080');
    expect(request.cookies).toEqual({ theme: 'dark', session: 'abc 123' });
    expect(request.headers['x-app']).toBe('demo');
    expect(request.remoteAddress).toBe('127.0.0.1');
    expect(request.secure).toBe(false);
    expect(listened).toEqual([request]);
    expect(connections[0]?.request).toBe(request);
    expect(connections[0]?.socket.request).toBe(request);
  });
});

describe("the request's headers", () => {
  test("are Node's own (repeated headers joined or dropped, set-cookie an array), and the server keeps neither Node's request nor its headers", async () => {
    // A full collection on demand (the test process has no --expose-gc).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const port = (http.address() as { port: number }).port;
    // What Node made of the request, seen beside the server: a copy, and Node's request weakly.
    let nodeHeaders: IncomingHttpHeaders | undefined;
    let nodeRequest: WeakRef<IncomingMessage> | undefined;
    http.on('upgrade', (request: IncomingMessage) => {
      nodeHeaders = {
        ...request.headers,
        'set-cookie': [...(request.headers['set-cookie'] ?? [])],
      };
      nodeRequest = new WeakRef(request);
    });
    const server = new WsServer();
    servers.push(server);
    server.addTransceiver(new EchoTransceiver());
    const connections: WsConnection[] = [];
    server.connections$.subscribe((connection) => connections.push(connection));
    server.attach(http);
    const socket = await tcp(port);
    socket.on('error', () => {});
    socket.write(
      [
        'GET /ws?room=1 HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        'X-MiXeD-Case: one',
        'X-Repeated: a',
        'X-Repeated: b',
        'Cookie: theme=dark',
        'Cookie: session=abc',
        'Set-Cookie: x=1',
        'Set-Cookie: y=2',
        'User-Agent: first',
        'User-Agent: second',
        '',
        '',
      ].join('\r\n'),
    );
    await eventually(() => connections.length === 1);
    const request = connections[0]?.request as UpgradeRequest;
    expect(nodeHeaders).toMatchObject({ 'x-repeated': 'a, b', 'user-agent': 'first' });
    expect(request.headers).toEqual(nodeHeaders);
    expect(request.headers).toBe(request.headers);
    expect(request.cookies).toEqual({ theme: 'dark', session: 'abc' });
    // Node's request (and the head buffer and headers with it) is collected while the client
    // is still connected: the server keeps only the facts.
    // (A WeakRef keeps its target until the job that read it ends: collect in a later one.)
    let collected = false;
    for (let i = 0; i < 50 && !collected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
      collected = nodeRequest?.deref() === undefined;
    }
    expect(collected).toBe(true);
    expect(connections[0]?.socket.isOpen).toBe(true);
    expect(request.headers['x-mixed-case']).toBe('one');
    socket.destroy();
    await ended(socket);
    await server.stop();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
});

describe('maxPeers', () => {
  test('a client handed over beyond maxPeers is refused with 1013 and LIMIT_EXCEEDED', async () => {
    const { server, port, errors } = serve({}, { maxPeers: 1 });
    const held = await knock(`ws://127.0.0.1:${port}/ws`);
    expect(statusOf(held)).toBe('open');
    await eventually(() => server.transceivers.some((t) => !t.isAvailable));
    const closes: Array<[number | undefined, string | undefined]> = [];
    const socket = {
      messages$: new Subject<string>(),
      closed$: new Subject<void>(),
      isOpen: true,
      isClosed: false,
      send: () => {},
      close: (code?: number, reason?: string) => closes.push([code, reason]),
    };
    expect(server.handOver(socket, '/ws')).toBe(false);
    expect(closes).toEqual([[1013, 'the server has 1 peers (maxPeers): try again later']]);
    expect(errors.map((e) => e.code)).toEqual(['LIMIT_EXCEEDED']);
  });

  test('once maxPeers clients hold a transceiver, the next gets 503 at the upgrade; a place freed is taken again', async () => {
    const { server, port, errors, connects } = serve({}, { maxPeers: 2 });
    const url = `ws://127.0.0.1:${port}/ws`;
    const one = await knock(url);
    const two = await knock(url);
    await eventually(() => connects() === 2);
    const third = await knock(url);
    expect(third).toEqual({
      status: 503,
      body: 'the server has 2 peers (maxPeers): try again later\n',
    });
    expect(errors.map((e) => e.code)).toEqual(['LIMIT_EXCEEDED']);
    if (!('open' in one) || !('open' in two)) throw new Error('not open');
    const gone = wsClosed(one.open);
    one.open.close();
    await gone;
    // The server learns of the close a moment after the client does.
    await eventually(() => server.clientCount === 1);
    expect(statusOf(await knock(url))).toBe('open');
    await eventually(() => connects() === 3);
  });
});
