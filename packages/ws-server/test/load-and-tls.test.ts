import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebSocket } from '@rxdc/core';
import { lastValueFrom, take, timeout, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type WsClient from 'ws';
import {
  ConnectionState,
  type ListenOptions,
  WebRtcTransceiver,
  WsServer,
  type WsServerError,
} from '../src/index.js';
import {
  EchoTransceiver,
  eventually,
  first,
  nodePage,
  openClient,
  sendQuietly,
  socketsReleased,
} from './helpers/clients.js';
import { clientFrame, ended, tcp, upgraded, upgradeRequest } from './helpers/raw-socket.js';
import { wsOpen } from './helpers/ws-clients.js';

const servers: WsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server[Symbol.asyncDispose]();
});

const here = dirname(fileURLToPath(import.meta.url));
const built = existsSync(join(here, '..', 'dist', 'index.js'));

/** Runs a child of test/children (it imports the built package); resolves with its JSON line. */
function runChild(
  name: string,
  args: string[],
  nodeArgs: string[] = [],
  ms = 60_000,
): Promise<Record<string, unknown> & { ms: number; rssGrowthMiB: number }> {
  if (!built) throw new Error('build the package first (turbo builds it before test)');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeArgs, join(here, 'children', name), ...args],
      { timeout: ms, cwd: here },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${name} failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
      },
    );
  });
}

/** Sends `count` messages (text and 1 KiB binary, alternating) and checks each echo, in order. */
async function wsEchoRound(socket: WsClient, id: number, count: number): Promise<void> {
  const received: Array<{ data: Buffer; binary: boolean }> = [];
  const done = new Promise<void>((resolve) =>
    socket.on('message', (data: Buffer, binary: boolean) => {
      received.push({ data, binary });
      if (received.length === count) resolve();
    }),
  );
  const sent: Array<string | Buffer> = [];
  for (let i = 0; i < count; i++) {
    const message = i % 2 === 0 ? `client ${id} message ${i}` : Buffer.alloc(1024, (id + i) % 256);
    sent.push(message);
    socket.send(message);
  }
  await done;
  received.forEach(({ data, binary }, i) => {
    const expected = sent[i] as string | Buffer;
    if (typeof expected === 'string') expect([binary, data.toString()]).toEqual([false, expected]);
    else expect(binary && Buffer.compare(data, expected) === 0).toBe(true);
  });
}

/** A server that creates one echo transceiver per client, from a client listener. */
function echoServer(options: ListenOptions = { bindAddress: '127.0.0.1' }): {
  server: WsServer;
  port: number;
  echoes: EchoTransceiver[];
} {
  const server = new WsServer();
  servers.push(server);
  server.addPath('/ws/echo');
  const echoes: EchoTransceiver[] = [];
  server.addClientListener((path) => {
    const echo = new EchoTransceiver();
    echoes.push(echo);
    server.addTransceiver(echo, { path });
  });
  // Retire each transceiver once its client has left.
  server.connections$.subscribe(({ socket, transceiver }) =>
    socket.closed$.subscribe(() => server.removeTransceiver(transceiver)),
  );
  const { port } = server.listen(0, options);
  return { server, port, echoes };
}

/** Sends `count` messages (text and 1 KiB binary, alternating) and checks each echo, in order. */
async function echoRound(socket: WebSocket, id: number, count: number): Promise<void> {
  const replies = lastValueFrom(socket.messages$.pipe(take(count), toArray(), timeout(60_000)));
  const sent: Array<string | Buffer> = [];
  for (let i = 0; i < count; i++) {
    const message = i % 2 === 0 ? `client ${id} message ${i}` : Buffer.alloc(1024, (id + i) % 256);
    sent.push(message);
    socket.send(message);
  }
  const received = await replies;
  expect(received.length).toBe(count);
  received.forEach((message, i) => {
    const expected = sent[i] as string | Buffer;
    if (typeof expected === 'string') expect(message).toBe(expected);
    else expect(Buffer.compare(message as Buffer, expected)).toBe(0);
  });
}

describe.skipIf(!built)('load', () => {
  test('1,000 clients connecting at the same moment: all accepted, each with its listener call (the time is measured in bench/, not asserted)', async () => {
    const result = await runChild('burst.mjs', ['1000']);
    expect(result).toMatchObject({
      opened: 1000,
      listenerCalls: 1000,
      handedOver: 1000,
      failures: [],
      clientsAfterStop: 0,
    });
  });

  test('20,000 connections opened and closed one after another: RSS grows under 20 MiB, nothing left', async () => {
    const result = await runChild('open-close-soak.mjs', ['20000'], ['--expose-gc'], 180_000);
    expect(result).toMatchObject({
      connections: 20_000,
      clientsLeft: 0,
      transceiversLeft: 0,
      liveObjects: 0,
    });
    expect(result.rssGrowthMiB).toBeLessThan(20);
  }, 200_000);

  test('200 clients connected at once, each echoing messages', async () => {
    const { server, port, echoes } = echoServer({
      bindAddress: '127.0.0.1',
      maxConnectionsPerAddress: 1000,
    });
    const clients = await Promise.all(
      Array.from({ length: 200 }, () => wsOpen(`ws://127.0.0.1:${port}/ws/echo`)),
    );
    await eventually(
      () => echoes.length === 200 && echoes.every((echo) => !echo.isAvailable),
      30_000,
    );
    expect(server.transceivers.length).toBe(200);
    await Promise.all(clients.map((socket, id) => wsEchoRound(socket, id, 20)));
    for (const socket of clients) socket.close();
    await eventually(() => server.transceivers.length === 0 && server.clientCount === 0, 20_000);
    await await server.stop();
  });

  test('ten browsers-in-node at once get ten WebRTC transceivers and echo over data channels', async () => {
    const server = new WsServer();
    servers.push(server);
    const transceivers = Array.from(
      { length: 10 },
      () => new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } }),
    );
    for (const transceiver of transceivers) {
      transceiver.dataChannel$.subscribe((channel) =>
        channel.messages$.subscribe({ next: (m) => sendQuietly(channel, m), error: () => {} }),
      );
      server.addTransceiver(transceiver);
    }
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    const pages = transceivers.map(() => nodePage(`ws://127.0.0.1:${port}/ws`));
    await Promise.all(
      pages.map(async (page, i) => {
        const channel = await page.channel;
        await first(channel.open$, 20_000);
        const reply = first(channel.messages$);
        channel.send(`page ${i}`);
        expect(await reply).toBe(`page ${i}`);
      }),
    );
    expect(transceivers.every((t) => t.state === ConnectionState.OPENED)).toBe(true);
    await socketsReleased();
    await server.stop();
    expect(transceivers.every((t) => t.isAvailable)).toBe(true);
    for (const page of pages) page.close();
    for (const transceiver of transceivers) transceiver.close();
  });
});

describe('signaling faults', () => {
  test('malformed signaling frames from many clients, then clients that vanish: transceivers serve a real page after', async () => {
    const server = new WsServer();
    servers.push(server);
    const transceivers = Array.from(
      { length: 5 },
      () => new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } }),
    );
    const errors: WsServerError[] = [];
    for (const transceiver of transceivers) {
      transceiver.errors$.subscribe((error) => errors.push(error));
      server.addTransceiver(transceiver);
    }
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    const bad = [
      clientFrame(2, Buffer.from([1, 2, 3])),
      clientFrame(1, Buffer.from('{not json')),
      clientFrame(1, Buffer.from('{"type":"ice"}')),
      clientFrame(1, Buffer.from('{"type":"sdp","data":{"type":"offer","sdp":"v=0"}}')),
      clientFrame(1, Buffer.from('[]')),
    ];
    for (let round = 0; round < 3; round++) {
      const raw = await Promise.all(transceivers.map(() => upgraded(port, '/ws')));
      await eventually(() => transceivers.every((t) => !t.isAvailable));
      // 15 each: ignored, the socket kept open (past 16 a client is closed: see
      // signaling-bounds.test.ts).
      for (const socket of raw)
        for (let i = 0; i < 3; i++) for (const frame of bad) socket.write(frame);
      await eventually(
        () => errors.length >= (round + 1) * transceivers.length * 3 * bad.length,
        20_000,
      );
      expect(raw.every((socket) => !socket.destroyed)).toBe(true);
      // The last one vanishes mid-frame.
      for (const socket of raw) {
        socket.write(bad[1]!.subarray(0, 5));
        socket.destroy();
      }
      await eventually(() => transceivers.every((t) => t.isAvailable), 20_000);
    }
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['INVALID_SIGNALING']));
    const page = nodePage(`ws://127.0.0.1:${port}/ws`);
    const channel = await page.channel;
    await first(channel.open$, 20_000);
    await socketsReleased();
    await server.stop();
    page.close();
    for (const transceiver of transceivers) transceiver.close();
  });
});

describe('TLS', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxdc-ws-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('wss with an autogenerated certificate: clients on a path, echoing', async () => {
    const { server, port, echoes } = echoServer({ bindAddress: '127.0.0.1', tls: true });
    const clients = await Promise.all(
      Array.from({ length: 20 }, () =>
        openClient(`wss://127.0.0.1:${port}/ws/echo?secure=1`, { disableTlsVerification: true }),
      ),
    );
    await Promise.all(clients.map((socket, id) => echoRound(socket, id, 10)));
    expect(echoes.flatMap((echo) => echo.paths)).toEqual(Array(20).fill('/ws/echo'));
    for (const socket of clients) socket.close();
    await eventually(() => server.transceivers.length === 0, 20_000);
    await socketsReleased();
    await server.stop();
  });

  test('wss with a certificate from PEM files, and a WebRTC transceiver over it', async () => {
    const { server, port } = echoServer({
      bindAddress: '127.0.0.1',
      tls: { certificatePemFile: join(dir, 'cert.pem'), keyPemFile: join(dir, 'key.pem') },
    });
    const socket = await openClient(`wss://127.0.0.1:${port}/ws/echo`, {
      disableTlsVerification: true,
    });
    await echoRound(socket, 0, 10);
    socket.close();
    await socketsReleased();
    await server.stop();

    const secure = new WsServer();
    servers.push(secure);
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    secure.addTransceiver(transceiver);
    const listening = secure.listen(0, {
      bindAddress: '127.0.0.1',
      tls: { certificatePemFile: join(dir, 'cert.pem'), keyPemFile: join(dir, 'key.pem') },
    });
    const page = nodePage(`wss://127.0.0.1:${listening.port}/ws`);
    const channel = await page.channel;
    await first(channel.open$, 20_000);
    await socketsReleased();
    await secure.stop();
    page.close();
    transceiver.close();
  });

  test('a plain client on a TLS server is refused by the handshake, and the server keeps serving', async () => {
    const { server, port } = echoServer({ bindAddress: '127.0.0.1', tls: true });
    const plain = await tcp(port);
    plain.on('error', () => {});
    plain.write(upgradeRequest(port, '/ws/echo'));
    await ended(plain);
    const socket = await openClient(`wss://127.0.0.1:${port}/ws/echo`, {
      disableTlsVerification: true,
    });
    await echoRound(socket, 0, 4);
    socket.close();
    await socketsReleased();
    await server.stop();
  });
});
