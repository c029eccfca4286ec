// rxdc's own addition to the C-style API: DSL adds a WebRTC Sink to a pipeline, which adds it
// to the WebSocket Server as its signaling transceiver. rxdc has no pipelines: these calls
// create a WebRTC transceiver by name (a data channel, and the video and audio tracks asked
// for) and add it to the process-wide server, so DSL examples port with one call in place of
// the sink; node sends the encoded frames the sink's pipeline would have.
import type { PeerConnectionConfig, TrackDescription } from '@rxdc/core';
import type { ConnectionStateValue } from '../transceiver/connection-state.js';
import { WebRtcTransceiver } from '../transceiver/webrtc-transceiver.js';
import { dsl_websocket_server } from './process-server.js';
import {
  DSL_RESULT_INVALID_INPUT_PARAM,
  DSL_RESULT_SUCCESS,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND,
  DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE,
  DSL_RESULT_TRANSCEIVER_SET_FAILED,
  type DslReturnType,
} from './result-codes.js';

const byName = new Map<string, WebRtcTransceiver>();

/**
 * A transceiver's client listener, as DSL's `dsl_sink_webrtc_client_listener_cb`: called with
 * each connection state (`DSL_SOCKET_CONNECTION_STATE_*`) and the `client_data` given on add.
 *
 * @example
 * ```ts
 * const cb: dsl_transceiver_webrtc_client_listener_cb = (state) => console.log('state', state);
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: client data is opaque, as the C API's void*
export type dsl_transceiver_webrtc_client_listener_cb = (state: number, client_data: any) => void;

/** No media: the transceiver offers its data channel only (`media` of {@link dsl_transceiver_webrtc_new}). */
export const DSL_TRANSCEIVER_MEDIA_NONE = 0;
/** Offer an H.264 video track (payload type 96), as DSL's WebRTC Sink streams. */
export const DSL_TRANSCEIVER_MEDIA_VIDEO_H264 = 1;
/** Offer an Opus audio track (payload type 111). */
export const DSL_TRANSCEIVER_MEDIA_AUDIO_OPUS = 2;

const ALL_MEDIA = DSL_TRANSCEIVER_MEDIA_VIDEO_H264 | DSL_TRANSCEIVER_MEDIA_AUDIO_OPUS;

/**
 * rxdc's own, the `options` of {@link dsl_transceiver_webrtc_new} (DSL's WebRTC Sink takes only
 * its STUN and TURN servers): the configuration of the peer connection made for each client,
 * e.g. `{ bindAddress: '127.0.0.1' }` to keep it on loopback as a test must.
 *
 * @example
 * ```ts
 * const options: dsl_transceiver_webrtc_options = { peerConnection: { bindAddress: '127.0.0.1' } };
 * ```
 */
export interface dsl_transceiver_webrtc_options {
  /**
   * Each client's peer connection configuration (`@rxdc/core`'s `PeerConnectionConfig`);
   * `stun_server` and `turn_server` are added to its `iceServers`.
   */
  readonly peerConnection?: PeerConnectionConfig;
}

/**
 * rxdc's own, in the place of DSL's `dsl_sink_webrtc_new` plus adding the sink to a pipeline:
 * creates a WebRTC transceiver named `name` and adds it to the process-wide WebSocket Server,
 * for clients of `path` (or any path when null). `stun_server` and `turn_server` are ICE
 * server URLs, or null. `media` says which tracks it offers beside its data channel, in one
 * stream (msid `rxdc`): `DSL_TRANSCEIVER_MEDIA_VIDEO_H264`, `DSL_TRANSCEIVER_MEDIA_AUDIO_OPUS`,
 * both or'ed, or `DSL_TRANSCEIVER_MEDIA_NONE` (the default). Frames are sent on the tracks of
 * `dsl_transceiver_webrtc_get(name).track$`. `options` (rxdc's own, see
 * {@link dsl_transceiver_webrtc_options}) configures each client's peer connection, e.g. its
 * `bindAddress`.
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE` if the name is taken;
 * `DSL_RESULT_TRANSCEIVER_SET_FAILED` for a path not under `/ws/`;
 * `DSL_RESULT_INVALID_INPUT_PARAM` for a name that is not a string, unknown media flags, or
 * `options` that are not an object or hold a wrong peer connection configuration (checked here,
 * not when a client connects).
 * @example
 * ```ts
 * const retval = dsl_transceiver_webrtc_new('webrtc-transceiver', null, null, null, DSL_TRANSCEIVER_MEDIA_VIDEO_H264);
 * // On loopback only (rxdc's own options):
 * dsl_transceiver_webrtc_new('loopback', null, null, null, DSL_TRANSCEIVER_MEDIA_NONE, {
 *   peerConnection: { bindAddress: '127.0.0.1' },
 * });
 * ```
 */
export function dsl_transceiver_webrtc_new(
  name: string,
  stun_server: string | null,
  turn_server: string | null,
  path: string | null = null,
  media: number = DSL_TRANSCEIVER_MEDIA_NONE,
  options: dsl_transceiver_webrtc_options | null = null,
): DslReturnType {
  if (typeof name !== 'string' || name === '') return DSL_RESULT_INVALID_INPUT_PARAM;
  if (!Number.isInteger(media) || (media & ~ALL_MEDIA) !== 0) return DSL_RESULT_INVALID_INPUT_PARAM;
  if (options !== null && typeof options !== 'object') return DSL_RESULT_INVALID_INPUT_PARAM;
  const config = options?.peerConnection ?? {};
  if (typeof config !== 'object' || config === null) return DSL_RESULT_INVALID_INPUT_PARAM;
  if (config.iceServers !== undefined && !Array.isArray(config.iceServers))
    return DSL_RESULT_INVALID_INPUT_PARAM;
  if (byName.has(name)) return DSL_RESULT_TRANSCEIVER_NAME_NOT_UNIQUE;
  const tracks: TrackDescription[] = [];
  if (media & DSL_TRANSCEIVER_MEDIA_VIDEO_H264) tracks.push({ kind: 'video', codec: 'H264' });
  if (media & DSL_TRANSCEIVER_MEDIA_AUDIO_OPUS) tracks.push({ kind: 'audio', codec: 'opus' });
  const iceServers = [
    ...(config.iceServers ?? []),
    ...[stun_server, turn_server].filter(
      (url): url is string => typeof url === 'string' && url !== '',
    ),
  ];
  let transceiver: WebRtcTransceiver;
  try {
    // The transceiver checks its configuration here: a wrong one never waits for a client.
    transceiver = new WebRtcTransceiver({
      peerConnection: { ...config, iceServers },
      dataChannelLabel: name,
      tracks,
    });
  } catch {
    return DSL_RESULT_INVALID_INPUT_PARAM;
  }
  try {
    dsl_websocket_server().addTransceiver(transceiver, path === null ? {} : { path });
  } catch {
    transceiver.close();
    return DSL_RESULT_TRANSCEIVER_SET_FAILED;
  }
  byName.set(name, transceiver);
  return DSL_RESULT_SUCCESS;
}

/**
 * rxdc's own: removes the WebRTC transceiver `name` from the server and closes it (its client,
 * if any, is disconnected).
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND` for an unknown name.
 * @example
 * ```ts
 * const retval = dsl_transceiver_webrtc_delete('webrtc-transceiver');
 * ```
 */
export function dsl_transceiver_webrtc_delete(name: string): DslReturnType {
  const transceiver = byName.get(name);
  if (!transceiver) return DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND;
  byName.delete(name);
  if (dsl_websocket_server().transceivers.includes(transceiver))
    dsl_websocket_server().removeTransceiver(transceiver);
  transceiver.close();
  return DSL_RESULT_SUCCESS;
}

/**
 * rxdc's own, as DSL's `dsl_sink_webrtc_client_listener_add`: adds a listener of the
 * transceiver's connection state.
 *
 * @returns `DSL_RESULT_SUCCESS`; `DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND` for an unknown name;
 * `DSL_RESULT_TRANSCEIVER_SET_FAILED` if this listener was already added;
 * `DSL_RESULT_INVALID_INPUT_PARAM` for a listener that is not a function.
 * @example
 * ```ts
 * dsl_transceiver_webrtc_client_listener_add('webrtc-transceiver', (state) => console.log(state), null);
 * ```
 */
export function dsl_transceiver_webrtc_client_listener_add(
  name: string,
  listener: dsl_transceiver_webrtc_client_listener_cb,
  client_data: unknown = null,
): DslReturnType {
  if (typeof listener !== 'function') return DSL_RESULT_INVALID_INPUT_PARAM;
  const transceiver = byName.get(name);
  if (!transceiver) return DSL_RESULT_TRANSCEIVER_NAME_NOT_FOUND;
  try {
    transceiver.addClientListener(
      listener as (state: ConnectionStateValue, data: unknown) => void,
      client_data,
    );
    return DSL_RESULT_SUCCESS;
  } catch {
    return DSL_RESULT_TRANSCEIVER_SET_FAILED;
  }
}

/**
 * rxdc's own: the `WebRtcTransceiver` named `name`, to reach its data channels
 * (`dataChannel$`) from TypeScript, or undefined.
 *
 * @example
 * ```ts
 * dsl_transceiver_webrtc_get('webrtc-transceiver')?.dataChannel$.subscribe((channel) => channel.send('hi'));
 * ```
 */
export function dsl_transceiver_webrtc_get(name: string): WebRtcTransceiver | undefined {
  return byName.get(name);
}
