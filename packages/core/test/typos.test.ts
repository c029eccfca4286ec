// Issue 20: a misspelled event name must not compile (typed events accept only the names they
// emit), and in plain JavaScript it is refused with its name instead of never firing.
import { once } from 'node:events';
import { expect, test } from 'vitest';
import { PeerConnection, RtcError, WebSocket, WebSocketServer } from '../src/index.js';
import { loopback } from './helpers/peers.js';

test('misspelled event names do not compile, and are refused at run time', () => {
  const peer = new PeerConnection(loopback);
  const socket = new WebSocket();
  const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
  const typo = (call: () => unknown) => {
    try {
      call();
    } catch (error) {
      return error;
    }
    return undefined;
  };
  // The real names compile and work.
  peer.on('state', (state) => state.toUpperCase());
  socket.once('closed', () => {});
  server.on('client', (client) => client.close());
  // @ts-expect-error: the W3C name; rxdc's is 'state'
  const a = typo(() => peer.on('connectionstatechange', () => {}));
  // @ts-expect-error: misspelled
  const b = typo(() => socket.once('mesage', () => {}));
  // @ts-expect-error: misspelled
  const c = typo(() => server.addListener('clients', () => {}));
  // @ts-expect-error: misspelled
  const d = typo(() => peer.prependListener('datachannel', () => {}));
  for (const error of [a, b, c, d]) {
    expect(error).toBeInstanceOf(RtcError);
    expect((error as RtcError).code).toBe('INVALID_ARGUMENT');
  }
  expect((a as RtcError).message).toContain('"connectionstatechange"');
  expect(peer.listenerCount('connectionstatechange')).toBe(0);
  peer.close();
  socket.close();
  server.stop();
});

test("events.once still works, with the 'error' listener Node adds", async () => {
  const peer = new PeerConnection(loopback);
  const closed = once(peer, 'state');
  peer.close();
  expect(await closed).toHaveLength(1);
});

test('a misspelled config key is refused with its name (plain JavaScript gets no compile error)', () => {
  const refused = (call: () => unknown, code: string, key: string) => {
    let caught: unknown;
    try {
      const made = call() as { close?: () => void; stop?: () => void };
      made?.close?.();
      made?.stop?.();
    } catch (error) {
      caught = error;
    }
    expect(caught, key).toBeInstanceOf(RtcError);
    expect((caught as RtcError).code).toBe(code);
    expect((caught as RtcError).message).toContain(`"${key}"`);
  };
  const js = (config: object) => config as never;
  refused(() => new PeerConnection(js({ iceServer: [] })), 'INVALID_CONFIG', 'iceServer');
  refused(
    () => new PeerConnection(js({ ...loopback, hold: { maxHeld: 1 } })),
    'INVALID_CONFIG',
    'maxHeld',
  );
  refused(() => new WebSocket(js({ maxMesageSize: 10 })), 'INVALID_CONFIG', 'maxMesageSize');
  refused(
    () => new WebSocketServer(js({ port: 0, bindAddres: '127.0.0.1' })),
    'INVALID_CONFIG',
    'bindAddres',
  );
  const peer = new PeerConnection(loopback);
  // The W3C name; libdatachannel's is `unordered`.
  refused(() => peer.createDataChannel('x', js({ ordered: false })), 'INVALID_ARGUMENT', 'ordered');
  peer.close();
});
