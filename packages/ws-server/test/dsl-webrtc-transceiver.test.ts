// rxdc's own additions to the C-style API (dsl.test.ts keeps the specification's calls).
import { firstValueFrom, type Subscription } from 'rxjs';
import { afterEach, expect, test } from 'vitest';
import { connectToTransceiver } from '../src/client/index.js';
import {
  DSL_RESULT_INVALID_INPUT_PARAM,
  DSL_RESULT_SUCCESS,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE,
  DSL_RESULT_TRANSCEIVER_SET_FAILED,
  DSL_SOCKET_CONNECTION_STATE_INITIATED,
  DSL_WEBSOCKET_SERVER_DEFAULT_HTTP_PORT,
  dsl_transceiver_webrtc_client_listener_add,
  dsl_transceiver_webrtc_delete,
  dsl_transceiver_webrtc_get,
  dsl_transceiver_webrtc_new,
  dsl_websocket_server,
  dsl_websocket_server_listening_start,
  dsl_websocket_server_listening_state_get,
  dsl_websocket_server_listening_stop,
} from '../src/dsl/index.js';

const subscriptions: Subscription[] = [];
afterEach(() => {
  for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
  if (dsl_websocket_server().state.listening) dsl_websocket_server_listening_stop();
  for (const name of ['t1', 't2']) dsl_transceiver_webrtc_delete(name);
});

test('DSL_WEBSOCKET_SERVER_DEFAULT_HTTP_PORT is the port DSL examples pass', () => {
  expect(DSL_WEBSOCKET_SERVER_DEFAULT_HTTP_PORT).toBe(60001);
});

test('new, a name taken, a bad ICE server, delete and an unknown name', () => {
  expect(dsl_transceiver_webrtc_new('t1', null, null)).toBe(DSL_RESULT_SUCCESS);
  expect(dsl_websocket_server().transceivers).toContain(dsl_transceiver_webrtc_get('t1'));
  expect(dsl_transceiver_webrtc_new('t1', null, null)).toBe(DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE);
  expect(dsl_transceiver_webrtc_new('t2', null, null, '/pipeline')).toBe(
    DSL_RESULT_TRANSCEIVER_SET_FAILED,
  );
  expect(dsl_transceiver_webrtc_new(null as never, null, null)).toBe(
    DSL_RESULT_INVALID_INPUT_PARAM,
  );
  const listener = () => {};
  expect(dsl_transceiver_webrtc_client_listener_add('t1', listener, null)).toBe(DSL_RESULT_SUCCESS);
  expect(dsl_transceiver_webrtc_client_listener_add('t1', listener, null)).toBe(
    DSL_RESULT_TRANSCEIVER_SET_FAILED,
  );
  expect(dsl_transceiver_webrtc_client_listener_add('nope', listener, null)).toBe(
    DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND,
  );
  const transceiver = dsl_transceiver_webrtc_get('t1');
  expect(dsl_transceiver_webrtc_delete('t1')).toBe(DSL_RESULT_SUCCESS);
  expect(dsl_websocket_server().transceivers).not.toContain(transceiver);
  expect(dsl_transceiver_webrtc_delete('t1')).toBe(DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND);
});

// Retried: a fresh loopback WebRTC connection now and then fails its DTLS handshake in
// libdatachannel (node-datachannel-facts.md).
test('a client reaches the transceiver the C-style call made, over its data channel', {
  retry: 2,
}, async () => {
  const states: number[] = [];
  expect(dsl_transceiver_webrtc_new('t1', null, null)).toBe(DSL_RESULT_SUCCESS);
  dsl_transceiver_webrtc_client_listener_add('t1', (state: number) => states.push(state), null);
  dsl_transceiver_webrtc_get('t1')?.dataChannel$.subscribe((channel) =>
    channel.messages$.subscribe({ next: (m) => channel.send(m), error: () => {} }),
  );
  expect(dsl_websocket_server_listening_start(0, { bindAddress: '127.0.0.1' })).toBe(
    DSL_RESULT_SUCCESS,
  );
  const [, , port] = dsl_websocket_server_listening_state_get();
  const connection = await new Promise<import('../src/client/index.js').TransceiverConnection>(
    (resolve, reject) => {
      subscriptions.push(
        connectToTransceiver(`ws://127.0.0.1:${port}/ws`, {
          peer: { bindAddress: '127.0.0.1' },
        }).subscribe({ next: resolve, error: reject }),
      );
    },
  );
  expect(connection.channel.label).toBe('t1');
  const echo = firstValueFrom(connection.channel.messages$);
  connection.channel.send('ported');
  expect(await echo).toBe('ported');
  expect(states[0]).toBe(DSL_SOCKET_CONNECTION_STATE_INITIATED);
});
