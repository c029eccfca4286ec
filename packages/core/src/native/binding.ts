/**
 * The only import of node-datachannel in core, so every native call is easy to find.
 *
 * @internal
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
  SelectedCandidateInfo,
  Track as NativeTrack,
  WebSocket as NativeWebSocket,
  WebSocketServer as NativeWebSocketServer,
} from 'node-datachannel';
export {
  Audio,
  cleanup as nativeCleanup,
  initLogger as nativeInitLogger,
  PeerConnection as NativePeerConnectionClass,
  Video,
  WebSocket as NativeWebSocketClass,
  WebSocketServer as NativeWebSocketServerClass,
} from 'node-datachannel';
