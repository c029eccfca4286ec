// rxdc's own additions to the C-style API (dsl.test.ts keeps the specification's calls).
import { readRtpHeader } from '@rxdc/core';
import { filter, firstValueFrom, map, type Subscription, take, timeout, toArray } from 'rxjs';
import { afterEach, expect, test } from 'vitest';
import { connectToTransceiver } from '../src/client/index.js';
import {
  DSL_RESULT_INVALID_INPUT_PARAM,
  DSL_RESULT_SUCCESS,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE,
  DSL_RESULT_TRANSCEIVER_SET_FAILED,
  DSL_SOCKET_CONNECTION_STATE_INITIATED,
  DSL_TRANSCEIVER_MEDIA_AUDIO_OPUS,
  DSL_TRANSCEIVER_MEDIA_NONE,
  DSL_TRANSCEIVER_MEDIA_VIDEO_H264,
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

test('media flags: a name with unknown flags is refused', () => {
  expect(dsl_transceiver_webrtc_new('t1', null, null, null, 4)).toBe(
    DSL_RESULT_INVALID_INPUT_PARAM,
  );
  expect(dsl_transceiver_webrtc_new('t1', null, null, null, 1.5)).toBe(
    DSL_RESULT_INVALID_INPUT_PARAM,
  );
  expect(dsl_transceiver_webrtc_get('t1')).toBeUndefined();
});

test('with media flags, the transceiver offers H.264 video and Opus audio in one stream, and streams what node sends', {
  retry: 2,
}, async () => {
  const media = DSL_TRANSCEIVER_MEDIA_VIDEO_H264 | DSL_TRANSCEIVER_MEDIA_AUDIO_OPUS;
  expect(dsl_transceiver_webrtc_new('t1', null, null, null, media)).toBe(DSL_RESULT_SUCCESS);
  const transceiver = dsl_transceiver_webrtc_get('t1');
  // Node's side: once a track opens, a few synthetic H.264 access units (SPS, PPS, IDR slice).
  const unit = Buffer.from([
    0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f, 0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80, 0, 0, 0, 1, 0x65, 0x88,
    0x84,
  ]);
  subscriptions.push(
    transceiver!.track$.subscribe((track) => {
      if (track.description?.kind !== 'video') return;
      track.open$.subscribe(() => {
        for (let i = 0; i < 5; i++) track.sendFrame(unit, { timestamp: i / 30 });
      });
    }),
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
  const offer = connection.peer.remoteDescription?.sdp ?? '';
  expect(offer).toMatch(/a=rtpmap:96 H264\/90000/);
  expect(offer).toMatch(/a=rtpmap:111 opus\/48000\/2/);
  // Both tracks in one stream: what a page's ontrack needs for event.streams[0].
  expect(offer.match(/a=ssrc:\d+ msid:rxdc /g)).toHaveLength(2);
  const video = await firstValueFrom(
    connection.peer.track$.pipe(
      filter((track) => track.type === 'video'),
      timeout(10_000),
    ),
  );
  const types = await firstValueFrom(
    video.messages$.pipe(
      map((packet) => readRtpHeader(packet)?.payloadType),
      filter((type) => type !== undefined),
      take(5),
      toArray(),
      timeout(10_000),
    ),
  );
  expect(types).toEqual([96, 96, 96, 96, 96]);
});

test("options (rxdc's own): a wrong peer connection configuration is refused at new", () => {
  const create = (options: unknown) =>
    dsl_transceiver_webrtc_new(
      't1',
      null,
      null,
      null,
      DSL_TRANSCEIVER_MEDIA_NONE,
      options as never,
    );
  expect(create('loopback')).toBe(DSL_RESULT_INVALID_INPUT_PARAM);
  expect(create({ peerConnection: 'loopback' })).toBe(DSL_RESULT_INVALID_INPUT_PARAM);
  expect(create({ peerConnection: { bindAddress: 'not an address' } })).toBe(
    DSL_RESULT_INVALID_INPUT_PARAM,
  );
  expect(create({ peerConnection: { portRangeBegin: -1 } })).toBe(DSL_RESULT_INVALID_INPUT_PARAM);
  expect(create({ peerConnection: { iceServers: 'stun:x' } })).toBe(DSL_RESULT_INVALID_INPUT_PARAM);
  expect(dsl_transceiver_webrtc_get('t1')).toBeUndefined();
});

test("options (rxdc's own): bindAddress keeps the transceiver's peer on loopback", {
  retry: 2,
}, async () => {
  expect(
    dsl_transceiver_webrtc_new('t1', null, null, null, DSL_TRANSCEIVER_MEDIA_VIDEO_H264, {
      peerConnection: { bindAddress: '127.0.0.1' },
    }),
  ).toBe(DSL_RESULT_SUCCESS);
  const transceiver = dsl_transceiver_webrtc_get('t1')!;
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
  // Every candidate the transceiver's peer gathered is on 127.0.0.1 (its description carries
  // them all once the page's answer is applied).
  const sdp = transceiver.peer?.localDescription?.sdp ?? '';
  const addresses = [...sdp.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) /gm)].map((m) => m[1]);
  expect(addresses.length).toBeGreaterThan(0);
  expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));
});
