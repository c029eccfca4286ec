// send() of a view whose ArrayBuffer was transferred (detached) is an INVALID_ARGUMENT, not a
// TypeError from node-datachannel, and the channel keeps working.
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from '../src/index.js';
import { expectRtcError } from './helpers/expect-rtc-error.js';

test('send() of a detached view throws INVALID_ARGUMENT and the socket keeps sending', async () => {
  const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
  server.clients$.subscribe((socket) => socket.messages$.subscribe((m) => socket.send(m)));
  const client = new WebSocket();
  client.open(`ws://127.0.0.1:${server.port}/`);
  await firstValueFrom(client.open$);
  const bytes = new Uint8Array(8);
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
  expectRtcError(() => client.send(bytes), 'INVALID_ARGUMENT');
  const echo = firstValueFrom(client.messages$);
  client.send('still open');
  expect(await echo).toBe('still open');
  client.close();
  await lastValueFrom(client.closed$, { defaultValue: undefined });
  server.stop();
});
