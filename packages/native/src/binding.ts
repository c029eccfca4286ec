import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { WebSocketServer as JsWebSocketServer } from 'node-datachannel';

/**
 * The only import of node-datachannel in rxdc: every native call of every package starts
 * here, so each one is easy to find.
 */

export type {
  DataChannel as NativeDataChannel,
  DataChannelInitConfig,
  DescriptionType,
  Direction,
  IceServer,
  LogLevel,
  MediaHandler as NativeMediaHandler,
  PeerConnection as NativePeerConnection,
  ProxyServer,
  RtcConfig as NativeRtcConfig,
  RtpPacketizationConfig as NativeRtpPacketizationConfig,
  SctpSettings as NativeSctpSettings,
  SelectedCandidateInfo,
  Track as NativeTrack,
  WebSocket as NativeWebSocket,
  WebSocketServer as NativeWebSocketServer,
} from 'node-datachannel';
// Process-wide: only the log forwarder and the cleanup gate call these (index.ts does not
// export them).
export {
  Audio,
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
  Video,
  WebSocket as NativeWebSocketClass,
} from 'node-datachannel';

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
