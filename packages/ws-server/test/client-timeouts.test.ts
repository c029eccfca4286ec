// connectToTransceiver() gives up: a server that accepts TCP and never answers, an HTTP server
// without attach() whose handler never answers, a WebSocket server that never offers, and an
// offer whose channel never opens each fail with WsServerError TIMEOUT naming the step.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { PeerConnection } from '@rxdc/core';
import { firstValueFrom, take } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocketServer } from 'ws';
import {
  type ConnectToTransceiverOptions,
  connectToTransceiver,
  descriptionFrame,
  type WsServerError,
} from '../src/client/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const peer = { iceServers: [], bindAddress: '127.0.0.1' };

/** The error connectToTransceiver() fails with (it must fail, not emit). */
function failure(url: string, options: ConnectToTransceiverOptions): Promise<WsServerError> {
  return new Promise((resolve, reject) => {
    const subscription = connectToTransceiver(url, { peer, ...options }).subscribe({
      next: () => reject(new Error('connected')),
      error: resolve,
    });
    cleanups.push(() => subscription.unsubscribe());
  });
}

function listening<T extends Server | ReturnType<typeof createTcpServer>>(
  server: T,
): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

describe('every step has a timeout', () => {
  test('a server that accepts TCP and never answers: TIMEOUT on the handshake', async () => {
    const held: Socket[] = [];
    const tcp = createTcpServer((socket) => held.push(socket));
    const port = await listening(tcp);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of held) socket.destroy();
          tcp.close(() => resolve());
        }),
    );
    const error = await failure(`ws://127.0.0.1:${port}/ws`, { timeouts: { handshake: 300 } });
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/no answer to the WebSocket handshake.*within 300 ms/);
    expect(held).toHaveLength(1);
  });

  test('a plain HTTP server (no attach) whose handler never answers: TIMEOUT on the handshake', async () => {
    const http = createHttpServer(() => {});
    const port = await listening(http);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          http.closeAllConnections();
          http.close(() => resolve());
        }),
    );
    const error = await failure(`ws://127.0.0.1:${port}/ws`, { timeouts: { handshake: 300 } });
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/timeouts\.handshake/);
  });

  test('a WebSocket server that never sends its offer: TIMEOUT waiting for the offer', async () => {
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => silent.once('listening', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const client of silent.clients) client.terminate();
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as { port: number };
    const error = await failure(`ws://127.0.0.1:${port}/ws`, { timeouts: { offer: 300 } });
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/no offer came.*within 300 ms/);
  });

  test('an offer whose candidates never come: TIMEOUT waiting for the channel to open', async () => {
    const offerers: PeerConnection[] = [];
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => {
      // Offers, then never sends a candidate nor applies the answer.
      const offerer = new PeerConnection(peer);
      offerers.push(offerer);
      offerer.createDataChannel('data');
      firstValueFrom(offerer.localDescription$.pipe(take(1))).then(
        (description) => socket.send(descriptionFrame(description)),
        () => {},
      );
    });
    await new Promise((resolve) => server.once('listening', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const offerer of offerers) offerer.close();
          for (const client of server.clients) client.terminate();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as { port: number };
    const error = await failure(`ws://127.0.0.1:${port}/ws`, { timeouts: { open: 1000 } });
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/the data channel did not open.*within 1000 ms/);
  });

  test('a wrong timeout is refused with its name', async () => {
    const error = await failure('ws://127.0.0.1:9/ws', { timeouts: { offer: 0 } });
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/timeouts\.offer/);
  });
});
