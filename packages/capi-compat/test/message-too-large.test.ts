// A received message larger than the local maxMessageSize is never delivered cut: the error
// callback gets MESSAGE_TOO_LARGE, the channel closes, and nothing after it arrives. The
// hostile client is a raw node-datachannel WebSocket configured with a larger limit.
import { WebSocket as RawWebSocket } from 'node-datachannel';
import { expect, test } from 'vitest';
import {
  rtcCreateWebSocketServer,
  rtcDeleteWebSocket,
  rtcDeleteWebSocketServer,
  rtcGetWebSocketServerPort,
  rtcSetClosedCallback,
  rtcSetErrorCallback,
  rtcSetMessageCallback,
} from '../src/index.js';
import { until } from './helpers.js';

test('an oversize WebSocket frame to an accepted socket: error callback MESSAGE_TOO_LARGE, closed, no partial message', async () => {
  const sizes: number[] = [];
  const errors: string[] = [];
  let accepted = 0;
  let closed = false;
  const server = rtcCreateWebSocketServer({ port: 0, bindAddress: '127.0.0.1' }, (_server, ws) => {
    accepted = ws;
    rtcSetMessageCallback(ws, (_id, message, size) =>
      sizes.push(size < 0 ? -size - 1 : (message as Uint8Array).byteLength),
    );
    rtcSetErrorCallback(ws, (_id, error) => errors.push(error));
    rtcSetClosedCallback(ws, () => {
      closed = true;
    });
  });
  const raw = new RawWebSocket({ maxMessageSize: 1_048_576 });
  let rawClosed = false;
  raw.onClosed(() => {
    rawClosed = true;
  });
  raw.onOpen(() => {
    raw.sendMessageBinary(Buffer.alloc(262_144, 1));
    raw.sendMessageBinary(Buffer.alloc(300_000, 2));
    raw.sendMessage('after');
  });
  raw.open(`ws://127.0.0.1:${rtcGetWebSocketServerPort(server)}/`);
  await until(() => closed, 15_000, 'the accepted socket to close');
  expect(sizes).toEqual([262_144]);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/maxMessageSize of 262144 bytes/);
  await until(() => rawClosed, 15_000, 'the raw client to close');
  rtcDeleteWebSocket(accepted);
  rtcDeleteWebSocketServer(server);
});
