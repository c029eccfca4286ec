// Signaling frames have a size and a nesting bound checked before JSON.parse, and a client
// that keeps sending frames that are not signaling is closed (1008). The flood test also
// prints the server's event-loop delay under one client sending 60,000-deep nested JSON (a
// figure for the closing note, not asserted: timings belong in bench/).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { MAX_SIGNALING_FRAME, readSignalingFrame } from '../src/client/index.js';
import {
  ConnectionState,
  type SignalingSocket,
  WebRtcTransceiver,
  WsServer,
  type WsServerError,
} from '../src/index.js';
import { eventually } from './helpers/clients.js';
import { wsClosed, wsOpen } from './helpers/ws-clients.js';

const here = dirname(fileURLToPath(import.meta.url));
const built = existsSync(join(here, '..', 'dist', 'index.js'));
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('readSignalingFrame bounds', () => {
  test('a 60,000-deep frame and an oversize frame are invalid; a real-size SDP and brackets in strings are fine', () => {
    const deepRead = readSignalingFrame(`{"type":"ice","data":${deep(30_000)}}`);
    expect(deepRead).toEqual({ invalid: expect.stringMatching(/nested deeper than 16/) });
    expect(readSignalingFrame(deep(17))).toEqual({
      invalid: expect.stringMatching(/nested deeper/),
    });
    const huge = JSON.stringify({ type: 'sdp', data: { type: 'answer', sdp: 'x'.repeat(70_000) } });
    expect(readSignalingFrame(huge)).toEqual({
      invalid: expect.stringMatching(new RegExp(`at most ${MAX_SIGNALING_FRAME}`)),
    });
    // An SDP of 40 media sections with their candidates fits.
    const sdp = `v=0\r\n${'m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=candidate:1 1 UDP 2122317823 192.168.1.20 54321 typ host\r\n'.repeat(40 * 6)}`;
    expect(sdp.length).toBeGreaterThan(20_000);
    const offer = readSignalingFrame(JSON.stringify({ type: 'sdp', data: { type: 'offer', sdp } }));
    expect(offer).toEqual({ message: { type: 'sdp', data: { type: 'offer', sdp } } });
    const brackets = readSignalingFrame(
      JSON.stringify({ type: 'ice', data: { candidate: `${'[{'.repeat(100)}\\"` } }),
    );
    expect('message' in brackets).toBe(true);
  });
});

const servers: WsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server[Symbol.asyncDispose]();
});

describe('a client that keeps sending junk', () => {
  test('is closed with 1008 after 16 ignored frames; the transceiver is free again', async () => {
    const server = new WsServer();
    servers.push(server);
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    const errors: WsServerError[] = [];
    transceiver.errors$.subscribe((error) => errors.push(error));
    const states: number[] = [];
    transceiver.addClientListener((state) => states.push(state));
    server.addTransceiver(transceiver);
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    const socket = await wsOpen(`ws://127.0.0.1:${port}/ws`);
    const closed = wsClosed(socket);
    const frame = `{"type":"ice","data":${deep(60_000)}}`;
    for (let i = 0; i < 20 && socket.readyState === WebSocket.OPEN; i++) socket.send(frame);
    expect(await closed).toEqual({
      code: 1008,
      reason: 'more than 16 frames that are not valid signaling',
    });
    expect(
      errors.filter((e) =>
        /^ignored (a frame of 120022 characters|JSON nested deeper)/.test(e.message),
      ),
    ).toHaveLength(16);
    expect(errors.at(-1)?.message).toMatch(/closed a client that sent more than 16/);
    await eventually(() => transceiver.isAvailable);
    expect(states.at(-1)).toBe(ConnectionState.CLOSED);
    transceiver.close();
  });

  test('frames nobody reads yet are held up to 64; past that the client is closed (1008), not dropped silently', async () => {
    const server = new WsServer();
    servers.push(server);
    let socket: SignalingSocket | undefined;
    server.addTransceiver({
      get isAvailable() {
        return socket === undefined;
      },
      connect: (taken) => {
        socket = taken; // reads nothing yet
      },
      disconnect: () => socket?.close(),
    });
    const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
    const client = await wsOpen(`ws://127.0.0.1:${port}/ws`);
    const closed = wsClosed(client);
    for (let i = 0; i < 70; i++) client.send(`frame ${i}`);
    // The client learns why; nothing past the 64th frame was taken in silently.
    expect(await closed).toEqual({ code: 1008, reason: 'more than 64 frames unread' });
    await eventually(() => server.clientCount === 0);
  });

  test.skipIf(!built)(
    'one client flooding 60,000-deep JSON (reconnecting when closed) for 3 s: the server closes it each time',
    {
      timeout: 60_000,
    },
    async () => {
      const child = spawn(process.execPath, [join(here, 'children', 'deep-json-server.mjs')], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const lines: string[] = [];
      let buffered = '';
      child.stdout.on('data', (chunk) => {
        buffered += chunk;
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        lines.push(...parts);
      });
      await eventually(() => lines.length >= 1);
      const { port } = JSON.parse(lines[0] as string);
      const frame = `{"type":"ice","data":${deep(60_000)}}`;
      const until = Date.now() + 3000;
      let sent = 0;
      let closes = 0;
      while (Date.now() < until) {
        const socket = await wsOpen(`ws://127.0.0.1:${port}/ws`);
        const closed = wsClosed(socket);
        // About 12 MiB/s, as the attack measured: a frame, then wait for the socket to drain.
        while (socket.readyState === WebSocket.OPEN && Date.now() < until) {
          socket.send(frame);
          sent++;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        if (socket.readyState === WebSocket.OPEN) socket.close();
        const { code } = await closed;
        if (code === 1008) closes++;
      }
      child.stdin.write('stop\n');
      await new Promise((resolve) => child.once('exit', resolve));
      const result = JSON.parse(lines.at(-1) as string);
      console.log(
        `deep-JSON flood: ${sent} frames of ${frame.length} chars, server event-loop delay p50 ${result.p50} ms, max ${result.max} ms; ${closes} closes (1008)`,
      );
      expect(closes).toBeGreaterThan(0);
      expect(result.closedClients).toBe(closes);
      expect(child.exitCode).toBe(0);
    },
  );
});
