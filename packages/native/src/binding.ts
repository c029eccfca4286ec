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
  PeerConnection as NativePeerConnection,
  ProxyServer,
  RtcConfig as NativeRtcConfig,
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
  cleanup as nativeCleanup,
  initLogger as nativeInitLogger,
  PeerConnection as NativePeerConnectionClass,
  preload as nativePreload,
  setSctpSettings as nativeSetSctpSettings,
  Video,
  WebSocket as NativeWebSocketClass,
  WebSocketServer as NativeWebSocketServerClass,
} from 'node-datachannel';
