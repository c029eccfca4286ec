import { WebSocketServer } from '@rxdc/core';
import { afterEach, describe, expect, test } from 'vitest';
import {
  DSL_RESULT_INVALID_INPUT_PARAM,
  DSL_RESULT_SUCCESS,
  DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
  DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION,
  DSL_SOCKET_CONNECTION_STATE_CLOSED,
  DSL_SOCKET_CONNECTION_STATE_INITIATED,
  DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT,
  dsl_websocket_server,
  dsl_websocket_server_client_listener_add,
  dsl_websocket_server_client_listener_remove,
  dsl_websocket_server_listening_start,
  dsl_websocket_server_listening_state_get,
  dsl_websocket_server_listening_stop,
  dsl_websocket_server_path_add,
} from '../src/dsl/index.js';
import { ConnectionState, WebRtcTransceiver } from '../src/index.js';
import {
  allMessages,
  client,
  EchoTransceiver,
  first,
  nodePage,
  socketsReleased,
  until,
} from './helpers/clients.js';

const loopback = { bindAddress: '127.0.0.1' };

afterEach(async () => {
  await socketsReleased();
  const [, listening] = dsl_websocket_server_listening_state_get();
  if (listening) dsl_websocket_server_listening_stop();
  for (const transceiver of dsl_websocket_server().transceivers)
    dsl_websocket_server().removeTransceiver(transceiver);
});

describe('the C-style API, over one process-wide server', () => {
  test('numbers of the specification', () => {
    expect(DSL_RESULT_SUCCESS).toBe(0);
    expect(DSL_RESULT_INVALID_INPUT_PARAM).toBe(0x5);
    expect(DSL_RESULT_WEBSOCKET_SERVER_THREW_EXCEPTION).toBe(0x00700001);
    expect(DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED).toBe(0x00700002);
    expect(DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED).toBe(0x00700003);
    expect(DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED).toBe(0x00700004);
    expect(DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT).toBe(60001);
    expect([DSL_SOCKET_CONNECTION_STATE_CLOSED, DSL_SOCKET_CONNECTION_STATE_INITIATED]).toEqual([
      0, 1,
    ]);
    expect(dsl_websocket_server()).toBe(dsl_websocket_server());
  });

  test('state before and after start and stop; a second start and a second stop fail', () => {
    expect(dsl_websocket_server_listening_state_get()).toEqual([DSL_RESULT_SUCCESS, false, 0]);
    expect(dsl_websocket_server_listening_start(0, loopback)).toBe(DSL_RESULT_SUCCESS);
    const [retval, is_listening, port_number] = dsl_websocket_server_listening_state_get();
    expect([retval, is_listening]).toEqual([DSL_RESULT_SUCCESS, true]);
    expect(port_number).toBeGreaterThan(0);
    expect(dsl_websocket_server_listening_start(0, loopback)).toBe(
      DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
    );
    expect(dsl_websocket_server_listening_state_get()).toEqual([
      DSL_RESULT_SUCCESS,
      true,
      port_number,
    ]);
    expect(dsl_websocket_server_listening_stop()).toBe(DSL_RESULT_SUCCESS);
    expect(dsl_websocket_server_listening_state_get()).toEqual([DSL_RESULT_SUCCESS, false, 0]);
    expect(dsl_websocket_server_listening_stop()).toBe(DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED);
  });

  test('the default port, on loopback', () => {
    const retval = dsl_websocket_server_listening_start(
      DSL_WEBSOCKET_SERVER_DEFAULT_WEBSOCKET_PORT,
      loopback,
    );
    // Another program may hold 60001 on this machine: then SET_FAILED, and not listening.
    if (retval === DSL_RESULT_SUCCESS) {
      expect(dsl_websocket_server_listening_state_get()).toEqual([DSL_RESULT_SUCCESS, true, 60001]);
    } else {
      expect(retval).toBe(DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED);
      expect(dsl_websocket_server_listening_state_get()).toEqual([DSL_RESULT_SUCCESS, false, 0]);
    }
  });

  test('a port in use fails with SET_FAILED and leaves the state not listening', () => {
    const taken = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
    try {
      expect(dsl_websocket_server_listening_start(taken.port, loopback)).toBe(
        DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
      );
      expect(dsl_websocket_server_listening_state_get()).toEqual([DSL_RESULT_SUCCESS, false, 0]);
    } finally {
      taken.stop();
    }
    expect(dsl_websocket_server_listening_start(-5)).toBe(DSL_RESULT_INVALID_INPUT_PARAM);
  });

  test('path add: succeeds twice, fails while listening, fails outside /ws/, null is an invalid parameter', () => {
    expect(dsl_websocket_server_path_add('/ws/pipeline-1')).toBe(DSL_RESULT_SUCCESS);
    expect(dsl_websocket_server_path_add('/ws/pipeline-1')).toBe(DSL_RESULT_SUCCESS);
    expect(dsl_websocket_server_path_add('/pipeline-2')).toBe(
      DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
    );
    expect(dsl_websocket_server_path_add(null as never)).toBe(DSL_RESULT_INVALID_INPUT_PARAM);
    expect(dsl_websocket_server_listening_start(0, loopback)).toBe(DSL_RESULT_SUCCESS);
    expect(dsl_websocket_server_path_add('/ws/pipeline-3')).toBe(
      DSL_RESULT_WEBSOCKET_SERVER_SET_FAILED,
    );
    expect(dsl_websocket_server().paths).toEqual(['/ws', '/ws/pipeline-1']);
  });

  test('listener add twice fails, remove of an unknown one fails, null is an invalid parameter', () => {
    const client_listener_cb = () => {};
    expect(dsl_websocket_server_client_listener_add(client_listener_cb, null)).toBe(
      DSL_RESULT_SUCCESS,
    );
    expect(dsl_websocket_server_client_listener_add(client_listener_cb, null)).toBe(
      DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_ADD_FAILED,
    );
    expect(dsl_websocket_server_client_listener_remove(client_listener_cb)).toBe(
      DSL_RESULT_SUCCESS,
    );
    expect(dsl_websocket_server_client_listener_remove(client_listener_cb)).toBe(
      DSL_RESULT_WEBSOCKET_SERVER_CLIENT_LISTENER_REMOVE_FAILED,
    );
    expect(dsl_websocket_server_client_listener_add(null as never, null)).toBe(
      DSL_RESULT_INVALID_INPUT_PARAM,
    );
    expect(dsl_websocket_server_client_listener_remove(undefined as never)).toBe(
      DSL_RESULT_INVALID_INPUT_PARAM,
    );
  });

  test('use case 1: a listener creates the transceiver for the path; stop notifies it', async () => {
    // Ported from the specification's 1file_webrtc_connect_post_play.py.
    const sinks: WebRtcTransceiver[] = [];
    const states: number[] = [];
    const client_listener_cb = (path: string, client_data: { name: string }) => {
      expect(client_data.name).toBe('app');
      const sink = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
      sink.addClientListener((state) => states.push(state));
      sinks.push(sink);
      dsl_websocket_server().addTransceiver(sink, { path });
    };
    expect(dsl_websocket_server_client_listener_add(client_listener_cb, { name: 'app' })).toBe(
      DSL_RESULT_SUCCESS,
    );
    expect(dsl_websocket_server_listening_start(0, loopback)).toBe(DSL_RESULT_SUCCESS);
    const [, , port] = dsl_websocket_server_listening_state_get();
    const page = nodePage(`ws://127.0.0.1:${port}/ws`);
    const channel = await page.channel;
    await first(channel.open$);
    expect(sinks).toHaveLength(1);
    await socketsReleased(500);
    expect(dsl_websocket_server_listening_stop()).toBe(DSL_RESULT_SUCCESS);
    expect(states).toEqual([
      ConnectionState.INITIATED,
      ConnectionState.OPENED,
      ConnectionState.CLOSED,
    ]);
    expect(dsl_websocket_server_client_listener_remove(client_listener_cb)).toBe(
      DSL_RESULT_SUCCESS,
    );
    page.close();
    for (const sink of sinks) sink.close();
  });

  test('use case 2: a transceiver made before start; no transceiver left closes the next client with a reason', async () => {
    const echo = new EchoTransceiver();
    dsl_websocket_server().addTransceiver(echo);
    expect(dsl_websocket_server_listening_start(0, loopback)).toBe(DSL_RESULT_SUCCESS);
    const [, , port] = dsl_websocket_server_listening_state_get();
    const url = `ws://127.0.0.1:${port}/ws`;
    const taken = client(url);
    await until(taken.open$, () => true);
    const refused = await allMessages(client(url));
    expect(JSON.parse(refused[0] as string).data.code).toBe('NO_TRANSCEIVER');
    taken.close();
  });
});
