import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { WebSocketServer as JsWebSocketServer } from 'node-datachannel';

/**
 * The only import of node-datachannel in rxdc: every native call of every package starts
 * here, so each one is easy to find.
 */

import type {
  DataChannelInitConfig as NdcDataChannelInitConfig,
  Direction as NdcDirection,
  IceServer as NdcIceServer,
  LogLevel as NdcLogLevel,
  ProxyServer as NdcProxyServer,
  SelectedCandidateInfo as NdcSelectedCandidateInfo,
} from 'node-datachannel';
import { Audio as NdcAudio, Video as NdcVideo } from 'node-datachannel';

export type {
  DataChannel as NativeDataChannel,
  DescriptionType,
  MediaHandler as NativeMediaHandler,
  PeerConnection as NativePeerConnection,
  RtcConfig as NativeRtcConfig,
  RtpPacketizationConfig as NativeRtpPacketizationConfig,
  SctpSettings as NativeSctpSettings,
  Track as NativeTrack,
  WebSocket as NativeWebSocket,
  WebSocketServer as NativeWebSocketServer,
} from 'node-datachannel';
// Process-wide: only the log forwarder and the cleanup gate call these (index.ts does not
// export them).
export {
  AV1RtpPacketizer as NativeAV1RtpPacketizerClass,
  cleanup as nativeCleanup,
  H264RtpPacketizer as NativeH264RtpPacketizerClass,
  H265RtpPacketizer as NativeH265RtpPacketizerClass,
  initLogger as nativeInitLogger,
  PacingHandler as NativePacingHandlerClass,
  PeerConnection as NativePeerConnectionClass,
  preload as nativePreload,
  RtcpNackResponder as NativeRtcpNackResponderClass,
  RtcpReceivingSession as NativeRtcpReceivingSessionClass,
  RtcpSrReporter as NativeRtcpSrReporterClass,
  RtpPacketizationConfig as NativeRtpPacketizationConfigClass,
  RtpPacketizer as NativeRtpPacketizerClass,
  setSctpSettings as nativeSetSctpSettings,
  WebSocket as NativeWebSocketClass,
} from 'node-datachannel';

/**
 * Options of a new data channel (libdatachannel's `rtcDataChannelInit`): `protocol`,
 * `negotiated` and `id`, `unordered`, `maxPacketLifeTime` or `maxRetransmits`.
 *
 * @example
 * ```ts
 * import type { DataChannelInitConfig } from '@rxdc/native';
 * const init: DataChannelInitConfig = { protocol: 'json', unordered: true, maxRetransmits: 0 };
 * ```
 */
export type DataChannelInitConfig = NdcDataChannelInitConfig;

/**
 * The direction of a media track: `'SendOnly'`, `'RecvOnly'`, `'SendRecv'`, `'Inactive'` or
 * `'Unknown'`.
 *
 * @example
 * ```ts
 * import type { Direction } from '@rxdc/native';
 * const direction: Direction = 'SendRecv';
 * ```
 */
export type Direction = NdcDirection;

/**
 * A STUN or TURN server given as an object (rxdc also takes `stun:`/`turn:` URL strings).
 *
 * @example
 * ```ts
 * import type { IceServer } from '@rxdc/native';
 * const turn: IceServer = { hostname: 'turn.example.org', port: 3478, username: 'u', password: 'p', relayType: 'TurnUdp' };
 * ```
 */
export type IceServer = NdcIceServer;

/**
 * A libdatachannel log level, from `'Fatal'` (fewest lines) to `'Verbose'`.
 *
 * @example
 * ```ts
 * import type { LogLevel } from '@rxdc/native';
 * const level: LogLevel = 'Warning';
 * ```
 */
export type LogLevel = NdcLogLevel;

/**
 * A proxy for TURN over TCP/TLS (or a WebSocket client): its type, address and credentials.
 *
 * @example
 * ```ts
 * import type { ProxyServer } from '@rxdc/native';
 * const proxy: ProxyServer = { type: 'Socks5', ip: '127.0.0.1', port: 1080 };
 * ```
 */
export type ProxyServer = NdcProxyServer;

/**
 * One side of the candidate pair ICE selected: address, port, type, transport, priority.
 *
 * @example
 * ```ts
 * import type { SelectedCandidateInfo } from '@rxdc/native';
 * const where = (info: SelectedCandidateInfo) => `${info.address}:${info.port} (${info.type})`;
 * ```
 */
export type SelectedCandidateInfo = NdcSelectedCandidateInfo;

/**
 * An audio media description for `addTrack` (codecs, direction, SSRCs): node-datachannel's.
 *
 * @example
 * ```ts
 * import { Audio } from '@rxdc/native';
 * const audio = new Audio('audio', 'SendRecv');
 * audio.addOpusCodec(111);
 * ```
 */
export const Audio = NdcAudio;
/** An audio media description (see the value of the same name). */
export type Audio = NdcAudio;

/**
 * A video media description for `addTrack` (codecs, direction, SSRCs): node-datachannel's.
 *
 * @example
 * ```ts
 * import { Video } from '@rxdc/native';
 * const video = new Video('video', 'SendRecv');
 * video.addH264Codec(96);
 * ```
 */
export const Video = NdcVideo;
/** A video media description (see the value of the same name). */
export type Video = NdcVideo;

// node-datachannel's exported WebSocketServer is a JavaScript wrapper that keeps every accepted
// client in an array until stop(): a long-running server grows by each connection. The native
// class under it keeps nothing. The package's exports map hides the binding module, but its
// absolute path (next to the CommonJS entry) loads the same, already-loaded binding; rxdc closes
// accepted sockets on stop itself (the native stop() does not).
const requireHere = createRequire(
  typeof __filename === 'string' ? __filename : (import.meta as { url: string }).url,
);
const bindingPath = join(dirname(requireHere.resolve('node-datachannel')), 'node-datachannel.cjs');
/** node-datachannel's native WebSocketServer class (no array of accepted clients). */
export const NativeWebSocketServerClass = (
  requireHere(bindingPath) as { default: { WebSocketServer: typeof JsWebSocketServer } }
).default.WebSocketServer;
