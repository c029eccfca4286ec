import { WebSocketServer } from '@rxdc/core';
import { firstValueFrom, type Subscription } from 'rxjs';
import { afterEach, expect, test } from 'vitest';
import {
  type ConnectionState,
  reconnectingWebSocket,
} from '../src/reconnection/reconnecting-web-socket.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function echoServer(port: number): WebSocketServer {
  const server = new WebSocketServer({ port, bindAddress: '127.0.0.1' });
  server.clients$.subscribe((socket) =>
    socket.messages$.subscribe((message) => socket.send(message)),
  );
  return server;
}

test('a reconnecting client survives a server stop/start, then gives up after its bounded attempts', async () => {
  let server = echoServer(0);
  const port = server.port;
  cleanups.push(() => server.stop());
  const states: ConnectionState[] = [];
  const state$ = reconnectingWebSocket(`ws://127.0.0.1:${port}/feed`, {
    maxAttempts: 4,
    initialDelayMs: 50,
    maxDelayMs: 200,
    jitter: 0.5,
    socket: { connectionTimeout: 1000 },
  });
  let resolveOpen: ((s: ConnectionState) => void) | undefined;
  let resolveGiveUp: ((s: ConnectionState) => void) | undefined;
  let opens = 0;
  const subscription: Subscription = state$.subscribe((state) => {
    states.push(state);
    if (state.status === 'open') {
      opens++;
      resolveOpen?.(state);
    }
    if (state.status === 'given-up') resolveGiveUp?.(state);
  });
  cleanups.push(() => subscription.unsubscribe());
  const nextOpen = () => new Promise<ConnectionState>((resolve) => (resolveOpen = resolve));

  let open = await nextOpen();
  if (open.status !== 'open') throw new Error('not open');
  const echo = firstValueFrom(open.socket.messages$);
  open.socket.send('ping 1');
  expect(await echo).toBe('ping 1');

  // Stop the server: the client waits and retries; start it again on the same port.
  const reopened = nextOpen();
  server.stop();
  await new Promise((resolve) => setTimeout(resolve, 120));
  server = echoServer(port);
  open = await reopened;
  if (open.status !== 'open') throw new Error('not open');
  const echo2 = firstValueFrom(open.socket.messages$);
  open.socket.send('ping 2');
  expect(await echo2).toBe('ping 2');
  expect(opens).toBe(2);

  // Stop it for good: after 4 failed attempts in a row the client gives up and completes.
  const gaveUp = new Promise<ConnectionState>((resolve) => (resolveGiveUp = resolve));
  server.stop();
  const last = await gaveUp;
  expect(last).toMatchObject({ status: 'given-up', attempts: 4 });
  if (last.status === 'given-up') expect(last.error.code).toBe('GAVE_UP');
  const afterSecondOpen = states.slice(states.lastIndexOf(open) + 1).map((s) => s.status);
  expect(afterSecondOpen).toEqual([
    'waiting',
    'connecting',
    'waiting',
    'connecting',
    'waiting',
    'connecting',
    'waiting',
    'connecting',
    'given-up',
  ]);
  const waits = states
    .filter((s) => s.status === 'waiting')
    .map((s) => (s.status === 'waiting' ? s.delayMs : 0));
  expect(Math.max(...waits)).toBeLessThanOrEqual(200);
  expect(subscription.closed).toBe(true);
  expect(states.some((s) => s.status === 'waiting' && s.reason.length > 0)).toBe(true);
}, 30_000);
